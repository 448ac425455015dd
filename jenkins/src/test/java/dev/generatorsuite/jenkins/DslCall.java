package dev.generatorsuite.jenkins;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call made by a Groovy DSL script, such as {@code stage('Build') { ... }}: its name, its
 * positional and named arguments, and either the calls made inside its closure (when the closure
 * was run while recording) or the closure itself (when it is kept to be run later, as the body of
 * {@code steps}).
 */
public final class DslCall {
  private final String name;
  private final List<Object> args;
  private final Map<String, Object> named;
  private final Closure<?> body;
  private final List<DslCall> children = new ArrayList<>();

  DslCall(String name, List<Object> args, Map<String, Object> named, Closure<?> body) {
    this.name = name;
    this.args = List.copyOf(args);
    this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
    this.body = body;
  }

  public String name() {
    return name;
  }

  public List<Object> args() {
    return args;
  }

  public Map<String, Object> named() {
    return named;
  }

  /** The closure kept unrun, or empty when it was run while recording (or there was none). */
  public Optional<Closure<?>> body() {
    return Optional.ofNullable(body);
  }

  public List<DslCall> children() {
    return Collections.unmodifiableList(children);
  }

  void addChild(DslCall child) {
    children.add(child);
  }

  /**
   * Forgets a call that turned out to be the argument of another, as in
   * buildDiscarder(logRotator()).
   */
  void removeChild(DslCall child) {
    children.remove(child);
  }

  public List<DslCall> children(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).toList();
  }

  public Optional<DslCall> child(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).findFirst();
  }

  /** The first positional argument as text: a stage's name, a branch pattern, a script. */
  public String firstArg() {
    return args.isEmpty() ? null : String.valueOf(args.get(0));
  }

  /** This call and every call below it, depth first. */
  public List<DslCall> descendants() {
    List<DslCall> all = new ArrayList<>();
    all.add(this);
    for (DslCall child : children) {
      all.addAll(child.descendants());
    }
    return all;
  }

  @Override
  public String toString() {
    return name + (named.isEmpty() ? "" : named) + args;
  }
}
