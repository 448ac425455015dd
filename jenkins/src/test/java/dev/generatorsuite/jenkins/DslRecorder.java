package dev.generatorsuite.jenkins;

import groovy.lang.Closure;
import groovy.lang.GroovyInterceptable;
import groovy.lang.GroovyObjectSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delegate of a DSL closure that records every method called in it as a {@link DslCall} below
 * its parent. A call ending in a closure records the calls inside it, unless its name is one of the
 * {@code deferred} ones: that closure is kept unrun (steps run later, by the simulator). A property
 * that is not known, such as {@code any} in {@code agent any}, reads as its own name.
 */
public final class DslRecorder extends GroovyObjectSupport implements GroovyInterceptable {
  private final DslCall parent;
  private final Set<String> deferred;
  private final Map<String, Object> properties;

  public DslRecorder(DslCall parent, Set<String> deferred, Map<String, Object> properties) {
    this.parent = parent;
    this.deferred = deferred;
    this.properties = properties;
  }

  /** Records the calls the closure makes below {@code parent}. */
  static void record(
      Closure<?> closure, DslCall parent, Set<String> deferred, Map<String, Object> properties) {
    Closure<?> copy = (Closure<?>) closure.clone();
    copy.setResolveStrategy(Closure.DELEGATE_FIRST);
    copy.setDelegate(new DslRecorder(parent, deferred, properties));
    copy.call();
  }

  @Override
  public Object invokeMethod(String name, Object arguments) {
    Object[] given = arguments instanceof Object[] array ? array : new Object[] {arguments};
    List<Object> args = new ArrayList<>();
    Map<String, Object> named = new LinkedHashMap<>();
    Closure<?> closure = null;
    for (int i = 0; i < given.length; i++) {
      Object arg = given[i];
      if (i == 0 && arg instanceof Map<?, ?> map) {
        map.forEach((key, value) -> named.put(String.valueOf(key), value));
      } else if (i == given.length - 1 && arg instanceof Closure<?> last) {
        closure = last;
      } else {
        args.add(arg);
      }
    }
    forgetNestedCalls(args);
    forgetNestedCalls(named.values());
    boolean defer = closure != null && deferred.contains(name);
    DslCall call = new DslCall(name, args, named, defer ? closure : null);
    parent.addChild(call);
    if (closure != null && !defer) {
      record(closure, call, deferred, properties);
    }
    return call;
  }

  private void forgetNestedCalls(Iterable<?> values) {
    for (Object value : values) {
      if (value instanceof DslCall call) {
        parent.removeChild(call);
      } else if (value instanceof Iterable<?> list) {
        forgetNestedCalls(list);
      } else if (value instanceof Map<?, ?> map) {
        forgetNestedCalls(map.values());
      }
    }
  }

  @Override
  public Object getProperty(String name) {
    return properties.containsKey(name) ? properties.get(name) : name;
  }

  @Override
  public void setProperty(String name, Object value) {
    properties.put(name, value);
  }
}
