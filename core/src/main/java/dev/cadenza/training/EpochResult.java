package dev.cadenza.training;

/**
 * What one epoch gave.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss the mean training loss (nats per step)
 * @param validationLoss the mean validation loss, or the training loss when there is no validation data
 * @param learningRate the learning rate the epoch ran with
 * @param stepsPerSecond training throughput: tokens (or frames) per second
 * @param improved whether the epoch gave a new best model
 */
public record EpochResult(int epoch, double trainLoss, double validationLoss, double learningRate, double stepsPerSecond,
    boolean improved) {}
