/**
 * Prompting: cloze templates and verbalizers, zero-shot classification with template ensembles and
 * contextual calibration ({@link dev.tune4j.prompt.ClozeClassifier}, {@link dev.tune4j.prompt.Calibration},
 * {@link dev.tune4j.prompt.ClozeDescription}) and prompt-based fine-tuning through the masked-LM head
 * ({@link dev.tune4j.prompt.PromptTrainer}, {@link dev.tune4j.prompt.PromptTuning}).
 */
package dev.tune4j.prompt;
