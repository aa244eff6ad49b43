package dev.tune4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import dev.tune4j.Tune4jHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * bfloat16 tensors on the JVM without DJL ever holding one.
 *
 * <p>DJL 0.36's JNI aborts the process on any BFLOAT16 array, so bf16 tensors live in JavaCPP's
 * {@link Tensor} wrappers instead. Only JavaCPP's JNI glue ({@code libjnitorch.so} from
 * {@code org.bytedeco:pytorch:2.7.1-1.5.12:linux-x86_64}) is loaded, and the dynamic linker binds it to
 * the {@code libtorch_cpu.so} that DJL already loaded (same SONAME, same 2.7.1 sources). JavaCPP's own
 * libtorch is never loaded: two libtorch copies in one process abort on duplicate operator
 * registration ("Tried to register multiple backend fallbacks for the same dispatch key Conjugate").
 * Both libraries therefore see the same {@code at::Tensor}, and a DJL handle is a JavaCPP pointer.
 *
 * <p>Constraint: nothing in the JVM may load JavaCPP's libtorch (it sets
 * {@code org.bytedeco.javacpp.loadLibraries=false} for the whole JVM).
 */
public final class Bf16Torch {

    static final String GLUE = "org/bytedeco/pytorch/linux-x86_64/libjnitorch.so";
    static final String GLUE_VERSION = "META-INF/maven/org.bytedeco/pytorch/pom.properties";

    private static boolean attempted;
    private static String failure;

    private Bf16Torch() {}

    /** Loads the glue once per JVM; null when bf16 ops can run, else why they cannot. */
    static synchronized String load() {
        if (!attempted) {
            attempted = true;
            failure = tryLoad();
        }
        return failure;
    }

    /** True once {@link #load()} succeeded. */
    public static synchronized boolean loaded() {
        return attempted && failure == null;
    }

    private static String tryLoad() {
        try {
            String djlTorch = Torch.engine().getVersion();
            String glue = glueVersion();
            if (glue == null) {
                return "org.bytedeco:pytorch:linux-x86_64 is not on the class path";
            }
            if (!glue.startsWith(djlTorch + "-")) {
                return "JavaCPP pytorch " + glue + " does not match DJL's libtorch " + djlTorch;
            }
            Path lib = extract(glue);
            // Only libjnitorch.so: JavaCPP's Loader would otherwise load its own libtorch beside DJL's.
            System.setProperty("org.bytedeco.javacpp.loadLibraries", "false");
            if (Loader.isLoadLibraries()) { // JavaCPP was initialised earlier in this JVM and ignores the property
                return "JavaCPP already loads its own libraries in this JVM, which would put a second libtorch beside DJL's";
            }
            System.load(lib.toString());
            try (PointerScope scope = new PointerScope()) {
                Tensor ones = torch.ones(2, 2).to(ScalarType.BFloat16);
                float sum = torch.matmul(ones, ones).to(ScalarType.Float).sum().item_float();
                if (sum != 8f) {
                    return "bf16 self-test returned " + sum + " instead of 8";
                }
            }
            return null;
        } catch (IOException | RuntimeException | LinkageError e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String glueVersion() throws IOException {
        try (InputStream in = Bf16Torch.class.getClassLoader().getResourceAsStream(GLUE_VERSION)) {
            if (in == null || Bf16Torch.class.getClassLoader().getResource(GLUE) == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    /** Copies the glue out of its jar once per version; the linker needs a file. */
    private static Path extract(String version) throws IOException {
        Path dir = Tune4jHome.root().resolve("native").resolve("javacpp-pytorch-" + version);
        Path lib = dir.resolve("libjnitorch.so");
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "libjnitorch", ".tmp");
        try (InputStream in = Bf16Torch.class.getClassLoader().getResourceAsStream(GLUE)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return lib;
    }

    /** A JavaCPP view of the {@code at::Tensor} behind a DJL array: no copy, and it owns nothing. */
    public static Tensor view(NDArray array) {
        long handle = ((PtNDArray) array).getHandle();
        return new Tensor(new Pointer() {
            {
                address = handle;
            }
        });
    }

    /**
     * Hands a tensor to DJL as a new {@code at::Tensor} sharing its storage; DJL deletes it when
     * {@code manager} closes. Only fp32 (or integer) tensors may cross, never bf16.
     */
    public static NDArray toDjl(NDManager manager, Tensor tensor) {
        // JavaCPP returns a fresh enum object from native code: compare values (or intern()), never identity.
        if (tensor.scalar_type().value == ScalarType.BFloat16.value) {
            throw new IllegalArgumentException("A bf16 tensor must not reach DJL; convert it to fp32 first");
        }
        Tensor owned = new Tensor(tensor);
        owned.retainReference(); // an enclosing PointerScope must not delete what DJL now owns
        long address = owned.address();
        owned.deallocate(false);
        return new PtNDArray((PtNDManager) manager, address);
    }
}
