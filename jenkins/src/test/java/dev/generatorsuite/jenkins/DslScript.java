package dev.generatorsuite.jenkins;

import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.control.CompilerConfiguration;

/**
 * The base class of a DSL script (a Jenkinsfile, a Job DSL script) run by the tests: every
 * top-level call is recorded below {@link #root()} by a {@link DslRecorder}.
 */
public abstract class DslScript extends Script {
  private DslCall root = new DslCall("<script>", List.of(), Map.of(), null);
  private Set<String> deferred = Set.of();
  private final Map<String, Object> properties = new HashMap<>();

  /**
   * Compiles and runs {@code source}, recording its calls; closures named in deferred stay unrun.
   */
  public static DslCall run(String source, String fileName, Set<String> deferred) {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(DslScript.class.getName());
    GroovyShell shell = new GroovyShell(DslScript.class.getClassLoader(), config);
    DslScript script = (DslScript) shell.parse(source, fileName);
    script.deferred = deferred;
    script.root = new DslCall("<" + fileName + ">", List.of(), Map.of(), null);
    script.run();
    return script.root;
  }

  public DslCall root() {
    return root;
  }

  /** Every method the script calls on itself that it does not define. */
  public Object methodMissing(String name, Object args) {
    return new DslRecorder(root, deferred, properties).invokeMethod(name, args);
  }

  public Object propertyMissing(String name) {
    return properties.containsKey(name) ? properties.get(name) : name;
  }
}
