package com.moesif.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds what a module's public API would leak: every type named by a public or protected member
 * of a public type outside the {@code .internal} packages (supertypes, fields, constructor and
 * method signatures with their type arguments, thrown types, annotations) must itself be neither
 * in an {@code .internal} package nor a Jackson type. A leaked internal type is a promise we did
 * not mean to make; a leaked Jackson type ties every user to our Jackson major version.
 *
 * <p>Each module calls {@link #leaksOf(Class)} with one of its own classes; the classes checked
 * are those in the same class directory (or jar) as that class.
 */
public final class PublicApiCheck {
  private PublicApiCheck() {}

  /**
   * The leaks, one line each ({@code where: leaked type}), sorted; empty when the API is clean.
   *
   * @param anyClassOfTheModule a class whose code source (the module's {@code target/classes})
   *     holds the classes to check
   */
  public static List<String> leaksOf(Class<?> anyClassOfTheModule) {
    Set<String> leaks = new TreeSet<>();
    for (Class<?> type : publicTypes(anyClassOfTheModule)) {
      check(type, leaks);
    }
    return new ArrayList<>(leaks);
  }

  /** The public (and publicly reachable nested) types outside {@code .internal} packages. */
  public static List<Class<?>> publicTypes(Class<?> anyClassOfTheModule) {
    Path root;
    try {
      root = Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("expected a class directory, not " + root);
    }
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (!relative.endsWith(".class") || relative.endsWith("module-info.class") || relative.endsWith("package-info.class")) {
          continue;
        }
        String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        if (isInternal(name)) {
          continue;
        }
        Class<?> type;
        try {
          type = Class.forName(name, false, anyClassOfTheModule.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          throw new IllegalStateException("cannot load " + name, e);
        }
        if (isExported(type)) {
          types.add(type);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    types.sort(Comparator.comparing(Class::getName));
    return types;
  }

  /** Public, and every enclosing type public too (a public member of a private class is not API). */
  private static boolean isExported(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isInternal(String className) {
    return className.contains(".internal.");
  }

  private static boolean isForbidden(Class<?> type) {
    String name = type.getName();
    return isInternal(name) || name.startsWith("com.fasterxml.jackson.");
  }

  private static void check(Class<?> type, Set<String> leaks) {
    String where = type.getName();
    names(type.getGenericSuperclass(), where + " extends", leaks);
    for (Type i : type.getGenericInterfaces()) {
      names(i, where + " implements", leaks);
    }
    typeParameters(type.getTypeParameters(), where, leaks);
    annotations(type, where, leaks);
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        annotations(component, where + "#" + component.getName(), leaks);
      }
    }
    for (Field field : type.getDeclaredFields()) {
      if (isApi(field.getModifiers()) && !field.isSynthetic()) {
        String at = where + "." + field.getName();
        names(field.getGenericType(), at, leaks);
        annotations(field, at, leaks);
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (isApi(constructor.getModifiers()) && !constructor.isSynthetic()) {
        executable(constructor, where + "(constructor)", leaks);
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (isApi(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
        String at = where + "." + method.getName() + "()";
        names(method.getGenericReturnType(), at + " returns", leaks);
        executable(method, at, leaks);
      }
    }
  }

  private static boolean isApi(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void executable(Executable executable, String where, Set<String> leaks) {
    typeParameters(executable.getTypeParameters(), where, leaks);
    for (Parameter parameter : executable.getParameters()) {
      names(parameter.getParameterizedType(), where + " parameter", leaks);
      annotations(parameter, where + " parameter", leaks);
    }
    for (Type thrown : executable.getGenericExceptionTypes()) {
      names(thrown, where + " throws", leaks);
    }
    annotations(executable, where, leaks);
  }

  private static void typeParameters(TypeVariable<?>[] variables, String where, Set<String> leaks) {
    for (TypeVariable<?> variable : variables) {
      for (Type bound : variable.getBounds()) {
        names(bound, where + " <" + variable.getName() + ">", leaks);
      }
    }
  }

  private static void annotations(AnnotatedElement element, String where, Set<String> leaks) {
    for (Annotation annotation : element.getDeclaredAnnotations()) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (isForbidden(type)) {
        leaks.add(where + " annotated: " + type.getName());
      }
    }
  }

  private static void names(Type type, String where, Set<String> leaks) {
    collect(type, new HashSet<>()).stream()
        .filter(PublicApiCheck::isForbidden)
        .forEach(leaked -> leaks.add(where + ": " + leaked.getName()));
  }

  /** Every class a type mentions, type arguments and bounds included. */
  private static Set<Class<?>> collect(Type type, Set<Type> seen) {
    Set<Class<?>> classes = new HashSet<>();
    if (type == null || !seen.add(type)) {
      return classes;
    }
    if (type instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      classes.add(c);
    } else if (type instanceof ParameterizedType p) {
      classes.addAll(collect(p.getRawType(), seen));
      for (Type argument : p.getActualTypeArguments()) {
        classes.addAll(collect(argument, seen));
      }
    } else if (type instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        classes.addAll(collect(bound, seen));
      }
      for (Type bound : w.getLowerBounds()) {
        classes.addAll(collect(bound, seen));
      }
    } else if (type instanceof GenericArrayType a) {
      classes.addAll(collect(a.getGenericComponentType(), seen));
    } else if (type instanceof TypeVariable<?> v) {
      for (Type bound : v.getBounds()) {
        classes.addAll(collect(bound, seen));
      }
    }
    return classes;
  }
}
