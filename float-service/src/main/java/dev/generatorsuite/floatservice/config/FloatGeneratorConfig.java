package dev.generatorsuite.floatservice.config;

import io.smallrye.config.ConfigMapping;
import java.util.OptionalInt;

/**
 * The generator's settings, {@code float-generator.*} in {@code application.properties}; each can
 * be overridden from the environment, e.g. {@code FLOAT_GENERATOR_DEFAULT_SCALE}.
 */
@ConfigMapping(prefix = "float-generator")
public interface FloatGeneratorConfig {

  /** The lower bound (inclusive) when a request gives no {@code min}. */
  double defaultMin();

  /** The upper bound (exclusive) when a request gives no {@code max}. */
  double defaultMax();

  /** The decimal places when a request gives no {@code scale}; unset means unrounded. */
  OptionalInt defaultScale();

  /** The largest absolute value of {@code min} and {@code max}. */
  double maxMagnitude();
}
