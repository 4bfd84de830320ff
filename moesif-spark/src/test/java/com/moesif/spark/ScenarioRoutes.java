package com.moesif.spark;

import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_DELAY;
import static com.moesif.core.testkit.AbstractServerSuite.HEALTH_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.HELLO;

import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ScenarioStream;
import java.io.OutputStream;
import java.util.Collections;
import spark.Service;

/**
 * The scenario application of {@link AbstractServerSuite} as Spark routes, written the way Spark
 * applications are: results returned from the route (String or {@code byte[]}), Spark serializing
 * them; streaming through {@code response.raw()}.
 */
public final class ScenarioRoutes {
  private ScenarioRoutes() {}

  public static void install(Service http) {
    http.get("/hello", (req, res) -> {
      res.type("text/plain;charset=UTF-8");
      return HELLO;
    });
    http.get("/health", (req, res) -> {
      res.type("text/plain;charset=UTF-8");
      return HEALTH_BODY;
    });
    http.post("/echo", (req, res) -> {
      res.type(req.contentType());
      return req.bodyAsBytes();
    });
    http.post("/form", (req, res) -> {
      res.type("text/plain;charset=UTF-8");
      return "hi " + req.queryParams("name");
    });
    http.get("/json", (req, res) -> {
      res.type("application/json");
      return AbstractServerSuite.jsonOfSize(Integer.parseInt(req.queryParams("size")));
    });
    http.get("/binary", (req, res) -> {
      res.type("application/octet-stream");
      return AbstractServerSuite.binaryBody();
    });
    http.get("/gzip", (req, res) -> {
      // Spark would gzip once more only for a client that sends Accept-Encoding: gzip; the
      // suite's client sends none, so these bytes go out as they are.
      res.type("application/json");
      res.header("Content-Encoding", "gzip");
      return AbstractServerSuite.gzippedJson();
    });
    http.get("/status/:code", (req, res) -> {
      int code = Integer.parseInt(req.params(":code"));
      res.status(code);
      res.type("application/json");
      return AbstractServerSuite.statusBody(code);
    });
    http.get("/stream", (req, res) -> {
      res.type("text/plain;charset=UTF-8");
      OutputStream out = res.raw().getOutputStream();
      ScenarioStream.produce(chunk -> {
        out.write(chunk);
        res.raw().flushBuffer();
      });
      return ""; // written already; "" tells Spark the route handled the request
    });
    http.get("/error", (req, res) -> {
      throw new RuntimeException("boom");
    });
    http.get("/async", (req, res) -> {
      // Spark routes cannot complete on another thread (see SparkMoesifTest#supportsAsync): the
      // route waits the scenario's delay and answers itself.
      Thread.sleep(ASYNC_DELAY.toMillis());
      res.type("application/json");
      return ASYNC_BODY;
    });
    http.get("/users/:id", (req, res) -> {
      res.type("application/json");
      return AbstractServerSuite.userBody(req.params(":id"));
    });
    // the routes of AbstractHostileTrafficSuite
    http.get("/gzip-bomb", (req, res) -> {
      res.type("application/json");
      res.header("Content-Encoding", "gzip");
      return AbstractHostileTrafficSuite.gzipBomb();
    });
    http.get("/headers", (req, res) -> {
      int values = 0;
      long chars = 0;
      for (String name : Collections.list(req.raw().getHeaderNames())) {
        for (String value : Collections.list(req.raw().getHeaders(name))) {
          values++;
          chars += name.length() + value.length();
        }
      }
      res.type("text/plain;charset=UTF-8");
      return "n=" + values + " chars=" + chars;
    });
  }
}
