package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIpResolverTest {
  private static final String PEER = "192.0.2.1";
  private static final List<String> ORDER =
      List.of(
          "X-Client-IP",
          "X-Forwarded-For",
          "CF-Connecting-IP",
          "Fastly-Client-IP",
          "True-Client-IP",
          "X-Real-IP",
          "X-Cluster-Client-IP",
          "X-Forwarded",
          "Forwarded-For",
          "Forwarded",
          "X-AppEngine-User-IP");

  private static final ClientIpResolver BELIEVE_ALL = new ClientIpResolver(null);

  /** Flat name/value pairs in arrival order, as the resolver gets them from a request view. */
  private static String[] headers(String... namesAndValues) {
    return namesAndValues;
  }

  private static String resolve(String header, String value) {
    return BELIEVE_ALL.resolve(headers(header, value), PEER);
  }

  @Test
  void socketAddressWhenNoHeaders() {
    assertThat(BELIEVE_ALL.resolve(headers(), "203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(BELIEVE_ALL.resolve(headers(), null)).isNull();
  }

  @Test
  void everyHeaderIsReadWhenAlone() {
    for (String name : ORDER) {
      assertThat(resolve(name.toLowerCase(java.util.Locale.ROOT), "203.0.113.7")).as(name).isEqualTo("203.0.113.7");
    }
  }

  @Test
  void headersAreTriedInTheSpecifiedOrder() {
    for (int first = 0; first < ORDER.size(); first++) {
      String[] pairs = new String[(ORDER.size() - first) * 2];
      for (int i = first; i < ORDER.size(); i++) {
        pairs[(i - first) * 2] = ORDER.get(i);
        pairs[(i - first) * 2 + 1] = "198.51.100." + (i + 1);
      }
      assertThat(BELIEVE_ALL.resolve(headers(pairs), PEER)).as(ORDER.get(first)).isEqualTo("198.51.100." + (first + 1));
    }
  }

  @Test
  void anInvalidHeaderFallsThroughToTheNextOne() {
    assertThat(BELIEVE_ALL.resolve(headers("X-Client-IP", "example.com", "X-Real-IP", "203.0.113.5"), PEER))
        .isEqualTo("203.0.113.5");
    assertThat(BELIEVE_ALL.resolve(headers("X-Forwarded-For", "unknown", "Forwarded", "for=unknown"), PEER))
        .isEqualTo(PEER);
  }

  static Stream<Arguments> forwardedFor() {
    return Stream.of(
        Arguments.of("203.0.113.7", "203.0.113.7"),
        Arguments.of("203.0.113.7, 10.0.0.1, 10.0.0.2", "203.0.113.7"),
        Arguments.of("unknown, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        Arguments.of("  203.0.113.7  ,\t10.0.0.1", "203.0.113.7"),
        Arguments.of("203.0.113.7:8080, 10.0.0.1", "203.0.113.7"),
        Arguments.of("[2001:db8::1]:443, 10.0.0.1", "2001:db8::1"),
        Arguments.of("[2001:db8::1], 10.0.0.1", "2001:db8::1"),
        Arguments.of("2001:db8::1, 10.0.0.1", "2001:db8::1"),
        Arguments.of("2001:DB8:0:0:0:0:0:1", "2001:DB8:0:0:0:0:0:1"),
        Arguments.of("::ffff:203.0.113.7", "::ffff:203.0.113.7"),
        Arguments.of(",, ,203.0.113.7", "203.0.113.7"),
        Arguments.of("\"203.0.113.7\"", "203.0.113.7"),
        Arguments.of("garbage, 1.2.3, 256.1.1.1, example.com, 203.0.113.8", "203.0.113.8"),
        Arguments.of("203.0.113.7:, 203.0.113.8", "203.0.113.8"),
        Arguments.of("203.0.113.7:123456, 203.0.113.8", "203.0.113.8"),
        Arguments.of("203.0.113.7:80:80, 203.0.113.8", "203.0.113.8"),
        Arguments.of("[203.0.113.7]:80, 203.0.113.8", "203.0.113.8"),
        Arguments.of("[2001:db8::1, 203.0.113.8", "203.0.113.8"),
        Arguments.of("[2001:db8::1]x, 203.0.113.8", "203.0.113.8"),
        Arguments.of("2001:db8::1:80:80:80:80:80, 203.0.113.8", "203.0.113.8"),
        Arguments.of("fe80::1%eth0, 203.0.113.8", "203.0.113.8"),
        Arguments.of("_hidden, 203.0.113.8", "203.0.113.8"),
        Arguments.of("unknown", PEER),
        Arguments.of("", PEER),
        Arguments.of("   ", PEER));
  }

  @ParameterizedTest(name = "X-Forwarded-For: {0}")
  @MethodSource("forwardedFor")
  void xForwardedForTakesTheLeftMostValidEntry(String value, String expected) {
    assertThat(resolve("X-Forwarded-For", value)).isEqualTo(expected);
  }

  static Stream<Arguments> forwarded() {
    return Stream.of(
        Arguments.of("for=192.0.2.60;proto=http;by=203.0.113.43", "192.0.2.60"),
        Arguments.of("For=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::17"),
        Arguments.of("for=\"[2001:db8:cafe::17]\"", "2001:db8:cafe::17"),
        Arguments.of("for=192.0.2.43, for=198.51.100.17", "192.0.2.43"),
        Arguments.of("for=_hidden, for=198.51.100.17", "198.51.100.17"),
        Arguments.of("for=unknown;proto=https, for=\"198.51.100.17:8080\"", "198.51.100.17"),
        Arguments.of("for=\"_gazonk\", for=198.51.100.17", "198.51.100.17"),
        Arguments.of("proto=https;for=192.0.2.43;host=example.com", "192.0.2.43"),
        Arguments.of("by=\"a;b,for=10.9.9.9\";for=192.0.2.1", "192.0.2.1"),
        Arguments.of("FOR = 192.0.2.5 ; proto=http", "192.0.2.5"),
        Arguments.of("for=192.0.2.60:_port1", "192.0.2.60"),
        Arguments.of("proto=https, for=192.0.2.44", "192.0.2.44"),
        Arguments.of("fore=192.0.2.1, for=192.0.2.2", "192.0.2.2"),
        Arguments.of("for=2001:db8::1", "2001:db8::1"),
        Arguments.of("for=\"[2001:db8::1]:80\"x, for=192.0.2.9", "192.0.2.9"),
        Arguments.of("for=example.com", PEER),
        Arguments.of("for=", PEER),
        Arguments.of("for=\"", PEER),
        Arguments.of("proto=https", PEER));
  }

  @ParameterizedTest(name = "Forwarded: {0}")
  @MethodSource("forwarded")
  void forwardedIsParsedPerRfc7239(String value, String expected) {
    assertThat(resolve("Forwarded", value)).isEqualTo(expected);
  }

  @Test
  void xForwardedMayUseTheForwardedSyntax() {
    assertThat(resolve("X-Forwarded", "for=192.0.2.60")).isEqualTo("192.0.2.60");
    assertThat(resolve("X-Forwarded", "for=\"[2001:db8::2]:1\";proto=https")).isEqualTo("2001:db8::2");
    assertThat(resolve("X-Forwarded", "192.0.2.61")).isEqualTo("192.0.2.61");
    assertThat(resolve("Forwarded-For", "192.0.2.62, 10.0.0.1")).isEqualTo("192.0.2.62");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "1.2.3", "256.1.1.1", "1.2.3.4.5", "01.2.3.4", "1.2.3.-1", "1.2.3.4 5", "1..3.4", "1.2.3.",
        "1.2.3.1234", "example.com", "localhost", "::1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
        "2001:db8::g", "12345::1", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", ":1::", "1:", "::ffff:256.1.1.1",
        "fe80::1%eth0", "[::1", "\u0661.2.3.4", "\uff11.2.3.4", "::\u0661", "0x7f.0.0.1", "2130706433"
      })
  void invalidLiteralsAreNeverUsed(String value) {
    assertThat(resolve("X-Client-IP", value)).isEqualTo(PEER);
    assertThat(IpAddresses.parse(value)).isNull();
  }

  @Test
  void ipLiteralsParseToTheirBytes() {
    assertThat(IpAddresses.parse("192.168.0.255")).containsExactly(192, 168, 0, 255);
    assertThat(IpAddresses.parse("0.0.0.0")).containsExactly(0, 0, 0, 0);
    assertThat(IpAddresses.parse("::")).containsExactly(new byte[16]);
    assertThat(IpAddresses.parse("::1")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    assertThat(IpAddresses.parse("1::")).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(IpAddresses.parse("2001:DB8::ff:1"))
        .containsExactly(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 1);
    assertThat(IpAddresses.parse("::ffff:10.1.2.3"))
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3);
    assertThat(IpAddresses.parse("1:2:3:4:5:6:7:8"))
        .containsExactly(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8);
    assertThat(IpAddresses.parse("1:2:3:4:5:6:1.2.3.4"))
        .containsExactly(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4);
    assertThat(IpAddresses.parse("1:2:3::7:8")).containsExactly(0, 1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 7, 0, 8);
    assertThat(IpAddresses.parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")).hasSize(16);
  }

  @Test
  void cidrRangesContainTheirAddresses() {
    IpAddresses.Cidr ten = IpAddresses.parseCidr("10.0.0.0/8");
    assertThat(ten.contains(IpAddresses.parse("10.255.1.2"))).isTrue();
    assertThat(ten.contains(IpAddresses.parse("11.0.0.0"))).isFalse();
    assertThat(ten.contains(IpAddresses.parse("::ffff:10.1.2.3"))).isTrue();
    assertThat(ten.contains(IpAddresses.parse("::a01:203"))).isFalse();
    assertThat(ten.contains(null)).isFalse();
    IpAddresses.Cidr odd = IpAddresses.parseCidr("192.168.4.0/22");
    assertThat(odd.contains(IpAddresses.parse("192.168.7.255"))).isTrue();
    assertThat(odd.contains(IpAddresses.parse("192.168.8.0"))).isFalse();
    assertThat(odd.contains(IpAddresses.parse("192.168.3.255"))).isFalse();
    IpAddresses.Cidr ula = IpAddresses.parseCidr("fd00::/8");
    assertThat(ula.contains(IpAddresses.parse("fd12:3456::1"))).isTrue();
    assertThat(ula.contains(IpAddresses.parse("fe80::1"))).isFalse();
    assertThat(ula.contains(IpAddresses.parse("10.0.0.1"))).isFalse();
    IpAddresses.Cidr host = IpAddresses.parseCidr("::1");
    assertThat(host.prefixLength()).isEqualTo(128);
    assertThat(host.contains(IpAddresses.parse("::1"))).isTrue();
    assertThat(host.contains(IpAddresses.parse("::2"))).isFalse();
    assertThat(IpAddresses.parseCidr("0.0.0.0/0").contains(IpAddresses.parse("255.255.255.255"))).isTrue();
    assertThat(IpAddresses.parseCidr("::ffff:0:0/96").contains(IpAddresses.parse("8.8.8.8"))).isTrue();
    assertThat(IpAddresses.parseCidr("10.1.2.3/8").contains(IpAddresses.parse("10.9.9.9"))).isTrue();
  }

  @Test
  void socketAddressFormsAreNormalised() {
    assertThat(BELIEVE_ALL.resolve(headers(), "[::1]")).isEqualTo("::1");
    assertThat(BELIEVE_ALL.resolve(headers(), "0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(BELIEVE_ALL.resolve(headers(), "fe80:0:0:0:0:0:0:1%eth0")).isEqualTo("fe80:0:0:0:0:0:0:1");
    assertThat(BELIEVE_ALL.resolve(headers(), "[fe80::1%25en0]:8080")).isEqualTo("fe80::1");
    assertThat(BELIEVE_ALL.resolve(headers(), "203.0.113.9:5555")).isEqualTo("203.0.113.9");
    assertThat(BELIEVE_ALL.resolve(headers(), "client.example.com")).isNull();
    assertThat(BELIEVE_ALL.resolve(headers(), "%eth0")).isNull();
    assertThat(BELIEVE_ALL.resolve(headers(), "")).isNull();
  }

  @Test
  void trustedProxiesGateTheForwardingHeaders() {
    String[] forged = headers("X-Forwarded-For", "203.0.113.7", "X-Client-IP", "garbage");
    ClientIpResolver trustTen = new ClientIpResolver(List.of("10.0.0.0/8", "fd00::/8"));

    assertThat(trustTen.resolve(forged, "10.1.2.3")).isEqualTo("203.0.113.7");
    assertThat(trustTen.resolve(forged, "fd12::1")).isEqualTo("203.0.113.7");
    assertThat(trustTen.resolve(forged, "::ffff:10.1.2.3")).isEqualTo("203.0.113.7");
    assertThat(trustTen.resolve(forged, "198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(trustTen.resolve(forged, "fe80::1")).isEqualTo("fe80::1");
    assertThat(trustTen.resolve(forged, null)).isNull();
    assertThat(trustTen.resolve(forged, "not-an-ip")).isNull();
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "unknown"), "10.1.2.3")).isEqualTo("10.1.2.3");

    ClientIpResolver trustNone = new ClientIpResolver(List.of());
    assertThat(trustNone.resolve(forged, "10.1.2.3")).isEqualTo("10.1.2.3");

    assertThat(BELIEVE_ALL.resolve(forged, "198.51.100.1")).isEqualTo("203.0.113.7");
  }

  @Test
  void behindTrustedProxiesTheListHeadersAreWalkedFromTheRightSkippingTrustedHops() {
    ClientIpResolver trustTen = new ClientIpResolver(List.of("10.0.0.0/8", "127.0.0.1"));
    // The client wrote 6.6.6.6 itself; our proxy appended the address it saw.
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "6.6.6.6, 203.0.113.9"), "127.0.0.1")).isEqualTo("203.0.113.9");
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.0.0.2, 10.0.0.3"), "10.0.0.4"))
        .isEqualTo("203.0.113.9");
    assertThat(trustTen.resolve(headers("Forwarded", "for=6.6.6.6, for=\"[2001:db8::9]:443\";proto=https, for=10.0.0.2"), "10.0.0.4"))
        .isEqualTo("2001:db8::9");
    // Repeated lines are one list, the last line holding the nearest hops.
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "203.0.113.9, 10.0.0.2"), "10.0.0.4"))
        .isEqualTo("203.0.113.9");
    // Every hop ours: the left-most is the client.
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "10.0.0.1, 10.0.0.2"), "10.0.0.4")).isEqualTo("10.0.0.1");
    // A hop that is not an address ends the walk: nothing left of it is believed; the peer is used.
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "203.0.113.9, unknown"), "10.0.0.4")).isEqualTo("10.0.0.4");
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "203.0.113.9, , 10.0.0.2"), "10.0.0.4")).isEqualTo("203.0.113.9");
    // Past the scan bound from the right: bounded work, and the peer.
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "203.0.113.9, " + "10.0.0.1, ".repeat(100) + "10.0.0.2"), "10.0.0.4"))
        .isEqualTo("10.0.0.4");
    // An untrusted peer is the client, whatever it says.
    assertThat(trustTen.resolve(headers("X-Forwarded-For", "6.6.6.6"), "198.51.100.1")).isEqualTo("198.51.100.1");
  }

  @Test
  void behindTrustedProxiesSingleValueHeadersCountOnlyWhenTheUserSaysTheProxySetsThem() {
    String[] forged = headers("X-Client-IP", "7.7.7.7", "X-Forwarded-For", "6.6.6.6, 203.0.113.9", "CF-Connecting-IP", "198.51.100.5");
    ClientIpResolver proxyOnly = new ClientIpResolver(List.of("127.0.0.1"));
    assertThat(proxyOnly.resolve(forged, "127.0.0.1")).isEqualTo("203.0.113.9");
    assertThat(proxyOnly.resolve(headers("True-Client-IP", "7.7.7.7"), "127.0.0.1")).isEqualTo("127.0.0.1");

    ClientIpResolver cloudflare = new ClientIpResolver(List.of("127.0.0.1"), List.of("CF-Connecting-IP"));
    assertThat(cloudflare.resolve(forged, "127.0.0.1")).isEqualTo("198.51.100.5");
    assertThat(cloudflare.resolve(headers("X-Client-IP", "7.7.7.7", "X-Forwarded-For", "203.0.113.9"), "127.0.0.1"))
        .isEqualTo("203.0.113.9");

    assertThatThrownBy(() -> new ClientIpResolver(List.of("127.0.0.1"), List.of("X-Forwarded-For")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("MoesifConfig: invalid TRUSTED_PROXY_IP_HEADERS = X-Forwarded-For: expected single-value");
    assertThatThrownBy(() -> new ClientIpResolver(null, List.of("X-Whatever")))
        .hasMessageContaining("TRUSTED_PROXY_IP_HEADERS");
  }

  @Test
  void badTrustedProxiesAreRejectedAtConstruction() {
    assertThatThrownBy(() -> new ClientIpResolver(List.of("10.0.0.0/8", "proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MoesifConfig: invalid TRUSTED_PROXIES = \"proxy.internal\": expected IP literals or CIDR ranges such as 10.0.0.0/8");
  }

  @Test
  void theFirstValueOfARepeatedHeaderCountsAndRankBeatsArrivalOrder() {
    assertThat(BELIEVE_ALL.resolve(headers("X-Forwarded-For", "203.0.113.1", "x-forwarded-for", "203.0.113.2"), PEER))
        .isEqualTo("203.0.113.1");
    assertThat(BELIEVE_ALL.resolve(headers("Forwarded", "for=198.51.100.9", "Accept", "*/*", "X-CLIENT-IP", "203.0.113.3"), PEER))
        .isEqualTo("203.0.113.3");
    // Same length as a forwarding header, different name: not read.
    assertThat(BELIEVE_ALL.resolve(headers("X-Client-IQ", "203.0.113.8", "X-Real-IQ", "203.0.113.9"), PEER)).isEqualTo(PEER);
  }

  @Test
  void nullNamesAndValuesAndAnOddTrailingNameAreSkipped() {
    assertThat(BELIEVE_ALL.resolve(new String[] {null, "198.51.100.1", "X-Client-IP", null, "X-Real-IP", "203.0.113.4"}, PEER))
        .isEqualTo("203.0.113.4");
    assertThat(BELIEVE_ALL.resolve(new String[] {"X-Client-IP"}, PEER)).isEqualTo(PEER);
  }

  @Test
  void hugeHeaderValuesCostBoundedWork() {
    String manyUnknown = "unknown, ".repeat(120_000) + "203.0.113.7";
    String oneHugeToken = "x".repeat(1024 * 1024);
    String hugeQuoted = "for=\"" + "a".repeat(1024 * 1024);
    // The element cut at 8 KiB reads "1.2.3.4" but really is "1.2.3.45": it must not be used.
    String cutAddress = "x".repeat(ClientIpResolver.MAX_SCAN_CHARS - 8) + ",1.2.3.45" + " ".repeat(1024 * 1024);
    assertThat(cutAddress.substring(ClientIpResolver.MAX_SCAN_CHARS - 7, ClientIpResolver.MAX_SCAN_CHARS)).isEqualTo("1.2.3.4");
    String sixtyFifth = "unknown,".repeat(ClientIpResolver.MAX_ELEMENTS) + "203.0.113.7";
    String sixtyFourth = "unknown,".repeat(ClientIpResolver.MAX_ELEMENTS - 1) + "203.0.113.7";

    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      assertThat(resolve("X-Forwarded-For", manyUnknown)).isEqualTo(PEER);
      assertThat(resolve("X-Forwarded-For", oneHugeToken)).isEqualTo(PEER);
      assertThat(resolve("Forwarded", hugeQuoted)).isEqualTo(PEER);
      assertThat(resolve("X-Forwarded-For", cutAddress)).isEqualTo(PEER);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).as("800 resolutions of 1 MB headers").isLessThan(2_000);
    assertThat(resolve("X-Forwarded-For", sixtyFifth)).isEqualTo(PEER);
    assertThat(resolve("X-Forwarded-For", sixtyFourth)).isEqualTo("203.0.113.7");
    assertThat(resolve("X-Forwarded-For", "203.0.113.6, " + oneHugeToken)).isEqualTo("203.0.113.6");
  }
}
