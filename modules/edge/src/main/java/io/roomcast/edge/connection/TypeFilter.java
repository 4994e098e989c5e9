package io.roomcast.edge.connection;

import io.roomcast.core.ErrorCode;
import java.util.List;

/**
 * Event-type patterns a connection asked for: exact names ({@code message}), prefixes ({@code
 * billing:*}), suffixes ({@code *:invoice.paid}) or {@code *}. No patterns means every type.
 */
public final class TypeFilter {
  public static final TypeFilter ALL = new TypeFilter(List.of());
  private static final int MAX_PATTERNS = 64;

  private final List<String> patterns;

  private TypeFilter(List<String> patterns) {
    this.patterns = patterns;
  }

  public static TypeFilter of(List<String> patterns) {
    if (patterns.size() > MAX_PATTERNS) {
      throw ErrorCode.INVALID_REQUEST.exception("at most " + MAX_PATTERNS + " patterns");
    }
    for (String p : patterns) {
      String core = p.replace("*", "");
      boolean wellFormed =
          p.equals("*")
              || p.indexOf('*') == p.lastIndexOf('*')
                  && (p.indexOf('*') < 0 || p.startsWith("*") || p.endsWith("*"));
      if (!wellFormed || !core.matches("[A-Za-z0-9_.:-]{0,64}")) {
        throw ErrorCode.INVALID_REQUEST.exception(
            "pattern '" + p + "' must be a type, 'prefix*', '*suffix' or '*'");
      }
    }
    return new TypeFilter(List.copyOf(patterns));
  }

  public boolean matches(String type) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String p : patterns) {
      if (p.equals("*")
          || p.endsWith("*") && type.startsWith(p.substring(0, p.length() - 1))
          || p.startsWith("*") && type.endsWith(p.substring(1))
          || p.equals(type)) {
        return true;
      }
    }
    return false;
  }
}
