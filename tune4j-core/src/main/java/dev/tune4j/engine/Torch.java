package dev.tune4j.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tune4j.Tune4jException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;

/**
 * Starts DJL's PyTorch engine from the libtorch in the Maven jars, never from the network.
 *
 * <p>DJL downloads libtorch or its JNI glue whenever it cannot find them on the class path (it does
 * not consult offline mode there), so we check for both jars ourselves first and name the missing
 * artifact instead of letting DJL reach for the internet.
 */
public final class Torch {

    static final String NATIVE_ARTIFACT = "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64";
    static final String JNI_ARTIFACT = "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0";

    private static Engine engine;

    private Torch() {}

    /** The PyTorch engine, started once per JVM with {@code ai.djl.pytorch.num_threads} = cores unless set. */
    public static synchronized Engine engine() {
        if (engine == null) {
            Offline.ensure();
            requireResource("native/lib/pytorch.properties", NATIVE_ARTIFACT);
            requireResource("jnilib/pytorch.properties", JNI_ARTIFACT);
            for (String override : new String[] {"PYTORCH_VERSION", "PYTORCH_FLAVOR", "PYTORCH_LIBRARY_PATH"}) {
                if (System.getenv(override) != null || System.getProperty(override) != null) {
                    throw new Tune4jException(override + " is set; tune4j runs the libtorch from " + NATIVE_ARTIFACT
                            + " and would otherwise let DJL download another one. Unset " + override + ".");
                }
            }
            System.setProperty("ai.djl.default_engine", "PyTorch");
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
            }
            // Inter-op parallelism only oversubscribes the cores that intra-op threads already use.
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            engine = Engine.getEngine("PyTorch");
            TorchLogging.quiet();
            try (NDManager manager = engine.newBaseManager()) {
                Fp32Matmul.configure(manager);
            }
        }
        return engine;
    }

    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /**
     * Turns autograd recording off or on for the calling thread. libtorch keeps this flag per thread,
     * and DJL only clears it on the thread that started the engine, so inference threads must clear it
     * themselves or every forward pass would keep a graph alive.
     */
    public static void gradMode(boolean enabled) {
        engine();
        JniUtils.setGradMode(enabled);
    }

    private static void requireResource(String resource, String artifact) {
        URL url = Torch.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new Tune4jException("libtorch is not on the class path: add the Maven artifact " + artifact
                    + " (tune4j never downloads native libraries at run time)");
        }
        try (InputStream in = url.openStream()) {
            Properties p = new Properties();
            p.load(in);
            if (p.getProperty("placeholder") != null) {
                throw new Tune4jException("Found a placeholder instead of libtorch; add the Maven artifact " + artifact);
            }
        } catch (IOException e) {
            throw new Tune4jException("Cannot read " + resource + " from " + artifact + ": " + e.getMessage(), e);
        }
    }
}
