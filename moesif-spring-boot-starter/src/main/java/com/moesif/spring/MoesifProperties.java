package com.moesif.spring;

import com.moesif.core.MoesifConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The {@code moesif.*} properties of the Spring {@link Environment}, mapped onto the SDK's keys.
 * The property names come from the SDK's own table, {@link MoesifConfig#settings()} ({@code
 * LOG_BODY} is {@code moesif.log-body}), so every setting that is not a hook is bindable and
 * nothing else is; Spring's relaxed binding applies ({@code moesif.logBody}, {@code
 * MOESIF_LOG_BODY}, YAML lists for list settings).
 */
final class MoesifProperties {
  private static final Logger LOG = LoggerFactory.getLogger("com.moesif");
  static final String PREFIX = "moesif";
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

  /** One bound property: the SDK key, the value as bound, where it came from. */
  record Setting(String key, String property, Object value, @Nullable String origin) {}

  private MoesifProperties() {}

  /** The settings that can be properties (hooks are code only), in the order the SDK applies them. */
  static List<MoesifConfig.Setting> bindable() {
    return MoesifConfig.settings().stream().filter(setting -> !setting.codeOnly()).toList();
  }

  /** {@code moesif.log-body} for {@code LOG_BODY}: the canonical Spring property name of a setting. */
  static String propertyName(MoesifConfig.Setting setting) {
    return PREFIX + "." + setting.propertyName();
  }

  /** Every bindable setting's canonical property name. */
  static List<String> propertyNames() {
    return bindable().stream().map(MoesifProperties::propertyName).toList();
  }

  /**
   * The settings the environment gives, in the key table's order. A {@code moesif.*} property that
   * names no key, or names a hook, fails (with the nearest key) when it comes from the
   * application's own configuration, and is logged when it comes from the OS environment, which is
   * shared with everything else on the host.
   */
  static List<Setting> bind(Environment environment) {
    checkForUnknownProperties(environment);
    Binder binder = Binder.get(environment);
    List<Setting> settings = new ArrayList<>();
    for (MoesifConfig.Setting bindable : bindable()) {
      String key = bindable.key();
      String property = propertyName(bindable);
      OriginRecorder origin = new OriginRecorder();
      BindResult<String> text = binder.bind(property, Bindable.of(String.class), origin);
      if (text.isBound()) {
        if (!text.get().isBlank()) {
          settings.add(new Setting(key, property, text.get(), origin.origin));
        }
        continue;
      }
      // A YAML list or moesif.mask-headers[0]=... has no single value.
      BindResult<List<String>> list = binder.bind(property, Bindable.listOf(String.class), origin);
      if (list.isBound()) {
        settings.add(new Setting(key, property, list.get(), origin.origin));
      }
    }
    return settings;
  }

  /** Applies {@code settings} one by one, so a rejected value is reported with its property. */
  static void apply(MoesifConfig.Builder builder, List<Setting> settings) {
    for (Setting setting : settings) {
      Map<String, Object> one = new HashMap<>();
      one.put(setting.key(), setting.value());
      try {
        builder.apply(one);
      } catch (IllegalArgumentException e) {
        throw new MoesifPropertyException(
            "Invalid " + setting.property() + from(setting.origin()) + ": " + e.getMessage(),
            "Fix the value of " + setting.property() + " (or MOESIF_" + setting.key() + ") as the message says.",
            e);
      }
    }
  }

  private static String from(@Nullable String origin) {
    return origin == null ? "" : " (from " + origin + ")";
  }

  private static void checkForUnknownProperties(Environment environment) {
    Map<String, MoesifConfig.Setting> known = new HashMap<>();
    for (MoesifConfig.Setting setting : MoesifConfig.settings()) {
      known.put(uniform(setting.key()), setting);
    }
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      boolean osEnvironment = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
      Set<String> seen = new TreeSet<>();
      iterable.filter(ROOT::isAncestorOf).stream().forEach(name -> seen.add(name.toString()));
      for (String shown : seen) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(shown);
        String rest = keyPart(name);
        MoesifConfig.Setting setting = known.get(rest);
        if (setting != null && !setting.codeOnly()) {
          continue;
        }
        ConfigurationProperty property = source.getConfigurationProperty(name);
        String origin = property == null || property.getOrigin() == null ? null : property.getOrigin().toString();
        if (setting != null) {
          String message =
              shown + from(origin) + ": " + setting.key() + " is a hook and cannot be a property";
          String action = "Set it in code: define a MoesifConfigCustomizer bean that calls the builder's setter.";
          if (osEnvironment) {
            LOG.warn("Moesif: ignoring {}. {}", message, action);
            continue;
          }
          throw new MoesifPropertyException("Invalid property " + message, action, null);
        }
        String nearest = nearest(rest);
        String hint =
            nearest == null
                ? "the properties are listed in the moesif-spring-boot-starter README and in your IDE's completion"
                : "did you mean " + PREFIX + "." + nearest + "?";
        if (osEnvironment) {
          LOG.warn("Moesif: ignoring {}{}: not a Moesif property; {}", shown, from(origin), hint);
          continue;
        }
        throw new MoesifPropertyException(
            "Unknown property " + shown + from(origin) + ": not a Moesif setting",
            nearest == null ? "Remove it; " + hint + "." : "Rename it: " + hint,
            null);
      }
    }
  }

  /** A key in Spring's uniform form: lower case, without {@code _}, {@code -} and {@code .} ({@code logbody}). */
  private static String uniform(String key) {
    return key.replaceAll("[_.-]", "").toLowerCase(Locale.ROOT);
  }

  /** The name without {@code moesif.} and list indexes, in Spring's uniform form ({@code logbody}). */
  private static String keyPart(ConfigurationPropertyName name) {
    StringBuilder rest = new StringBuilder();
    for (int i = 1; i < name.getNumberOfElements(); i++) {
      if (!name.isNumericIndex(i)) {
        rest.append(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
      }
    }
    return rest.toString();
  }

  /**
   * The property the SDK suggests for a near miss (its error for an unknown key says "did you mean
   * KEY?"), or null.
   */
  private static @Nullable String nearest(String given) {
    Map<String, Object> probe = new LinkedHashMap<>();
    probe.put(given, "");
    try {
      MoesifConfig.builder().apply(probe);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int at = message.indexOf("did you mean ");
      if (at >= 0) {
        String suggestion = message.substring(at + "did you mean ".length()).replace("?", "").trim();
        for (MoesifConfig.Setting setting : bindable()) {
          if (setting.key().equals(suggestion)) {
            return setting.propertyName();
          }
        }
      }
    }
    return null;
  }

  /** Remembers where the bound value came from, for error messages. */
  private static final class OriginRecorder extends AbstractBindHandler {
    @Nullable String origin;

    @Override
    public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
      ConfigurationProperty property = context.getConfigurationProperty();
      if (property != null && property.getOrigin() != null) {
        origin = property.getOrigin().toString();
      }
      return result;
    }
  }
}
