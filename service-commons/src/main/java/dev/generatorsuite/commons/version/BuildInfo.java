package dev.generatorsuite.commons.version;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the pipeline that built this artefact says about it. Set through the environment ({@code
 * BUILD_NUMBER}, {@code BUILD_COMMIT}), which the images bake in.
 */
@ConfigMapping(prefix = "build")
public interface BuildInfo {

  @WithDefault("local")
  String number();

  @WithDefault("unknown")
  String commit();
}
