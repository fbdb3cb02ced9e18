package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** Talks to a running agent's HTTP API, with its token when one is known. */
final class AgentClient {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The agent's answer.
   *
   * @param status the HTTP status
   * @param body the JSON body (a missing node when the body was not JSON)
   */
  record Reply(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }

    /** The problem's detail, or the status. */
    String detail() {
      JsonNode d = body.path("detail");
      return d.isTextual() ? d.asText() : "HTTP " + status;
    }
  }

  /** A failure the user can act on; its message says what to do. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  private final String url;
  private final Optional<String> token;
  private final HttpClient http;
  private final Duration timeout;

  AgentClient(String url, Optional<String> token, Duration timeout) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  String url() {
    return url;
  }

  Reply get(String path) {
    return send("GET", path, null);
  }

  Reply post(String path, Object body) {
    return send("POST", path, body);
  }

  Reply delete(String path) {
    return send("DELETE", path, null);
  }

  /** The reply when it is 2xx; else a {@link Failure} with the agent's reason. */
  Reply require(Reply reply, String what) {
    if (reply.ok()) {
      return reply;
    }
    throw new Failure(what + ": " + reply.detail());
  }

  private Reply send(String method, String path, Object body) {
    URI uri;
    try {
      uri = URI.create(url + path);
    } catch (IllegalArgumentException e) {
      throw new Failure("--url: not a URL: " + url);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    try {
      if (body != null) {
        request.header("Content-Type", "application/json");
        request.method(
            method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 401) {
        throw new Failure(
            token.isPresent()
                ? "the agent at "
                    + url
                    + " refused the token (VIGIL_TOKEN or server.token of --config)"
                : "the agent at "
                    + url
                    + " needs its token: set VIGIL_TOKEN, or give the agent's"
                    + " configuration file with --config");
      }
      return new Reply(response.statusCode(), parse(response.body()));
    } catch (HttpConnectTimeoutException e) {
      throw new Failure("no agent at " + url + ": start one with ./vigil run");
    } catch (HttpTimeoutException e) {
      throw new Failure(
          "the agent at " + url + " did not answer within " + timeout.toSeconds() + "s");
    } catch (IOException e) {
      if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
        throw new Failure("no agent at " + url + ": start one with ./vigil run");
      }
      throw new Failure("cannot talk to the agent at " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted");
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
