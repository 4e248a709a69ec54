package dev.cadenza.model;

/**
 * What the training loop tells a model's optimizer (Adam): the learning rate and the gradient clipping.
 *
 * @param learningRate the step size, positive
 * @param gradientClipNorm the largest L2 norm a layer's gradient may have before it is scaled down; 0 for none
 */
public record TrainingSettings(double learningRate, double gradientClipNorm) {
  /** Validates the fields. */
  public TrainingSettings {
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
    }
    if (!(gradientClipNorm >= 0 && Double.isFinite(gradientClipNorm))) {
      throw new IllegalArgumentException("gradientClipNorm must be 0 (off) or positive, was " + gradientClipNorm);
    }
  }
}
