/**
 * Prompting: cloze templates and verbalizers, zero-shot classification with optional contextual
 * calibration ({@link dev.tune4j.prompt.ClozeClassifier}) and prompt-based fine-tuning through the
 * masked-LM head ({@link dev.tune4j.prompt.PromptTrainer}, {@link dev.tune4j.prompt.PromptTuning}).
 */
package dev.tune4j.prompt;
