package com.moesif.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.moesif.core.EntityResult;
import com.moesif.core.model.CompanyModel;
import com.moesif.core.model.SubscriptionModel;
import com.moesif.core.model.UserModel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Validation, serialisation, splitting and upload of user/company/subscription updates. */
public final class EntityClient {
  /** Split batches so that one request stays well under the collector's 50 MB limit. */
  private final int maxRequestBytes;
  private final CollectorClient client;
  private final Executor executor;

  /** The three entity kinds, their paths and required keys. */
  public enum Kind {
    USER("/v1/users", "/v1/users/batch", UserModel.class, "user_id"),
    COMPANY("/v1/companies", "/v1/companies/batch", CompanyModel.class, "company_id"),
    SUBSCRIPTION("/v1/subscriptions", "/v1/subscriptions/batch", SubscriptionModel.class, "subscription_id", "company_id", "status");

    final String single;
    final String batch;
    final Class<?> model;
    final String[] required;

    Kind(String single, String batch, Class<?> model, String... required) {
      this.single = single;
      this.batch = batch;
      this.model = model;
      this.required = required;
    }
  }

  public EntityClient(CollectorClient client, Executor executor, int maxRequestBytes) {
    this.client = client;
    this.executor = executor;
    this.maxRequestBytes = maxRequestBytes;
  }

  public CompletableFuture<EntityResult> sendAsync(Kind kind, List<?> items, boolean batch) {
    List<byte[]> serialized = serializeAll(kind, items); // validation errors surface to the caller now
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return upload(kind, serialized, batch);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        },
        executor);
  }

  public EntityResult send(Kind kind, List<?> items, boolean batch) {
    List<byte[]> serialized = serializeAll(kind, items);
    try {
      return upload(kind, serialized, batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new EntityResult(false, 0, 0, 0, "interrupted");
    }
  }

  private List<byte[]> serializeAll(Kind kind, List<?> items) {
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException(kind.name().toLowerCase() + " batch is empty: pass at least one item");
    }
    List<byte[]> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(serialize(kind, items.get(i), i));
    }
    return out;
  }

  private byte[] serialize(Kind kind, Object item, int index) {
    if (item == null) {
      throw new IllegalArgumentException("item " + index + " is null");
    }
    if (item instanceof Map<?, ?> map) {
      for (String key : kind.required) {
        Object v = map.get(key);
        if (v == null || v.toString().isBlank()) {
          throw new IllegalArgumentException(
              kind.model.getSimpleName() + " item " + index + ": " + key + " is required and must not be blank");
        }
      }
      if (kind == Kind.SUBSCRIPTION
          && !SubscriptionModel.STATUSES.contains(map.get("status").toString().trim().toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(
            "SubscriptionModel item " + index + ": status \"" + map.get("status") + "\" is not one of "
                + new java.util.TreeSet<>(SubscriptionModel.STATUSES));
      }
    } else if (!kind.model.isInstance(item)) {
      throw new IllegalArgumentException(
          "item " + index + " is a " + item.getClass().getName() + ": expected " + kind.model.getSimpleName() + " or Map");
    }
    try {
      return Json.MAPPER.writeValueAsBytes(item);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("item " + index + " cannot be serialised to JSON: " + e.getOriginalMessage(), e);
    }
  }

  private EntityResult upload(Kind kind, List<byte[]> items, boolean batch) throws InterruptedException {
    if (!batch) {
      CollectorClient.PostResult r = client.post(kind.single, items.get(0), false, 1, Long.MAX_VALUE);
      return new EntityResult(r.outcome() == CollectorClient.Outcome.SENT, r.status(), 1, 1, r.detail());
    }
    int requests = 0;
    CollectorClient.PostResult last = null;
    boolean ok = true;
    for (List<byte[]> chunk : chunks(items)) {
      last = client.post(kind.batch, array(chunk), false, chunk.size(), Long.MAX_VALUE);
      requests++;
      ok &= last.outcome() == CollectorClient.Outcome.SENT;
    }
    return new EntityResult(ok, last.status(), items.size(), requests, last.detail());
  }

  List<List<byte[]>> chunks(List<byte[]> items) {
    List<List<byte[]>> chunks = new ArrayList<>();
    List<byte[]> current = new ArrayList<>();
    long bytes = 2;
    for (byte[] item : items) {
      if (!current.isEmpty() && bytes + item.length + 1 > maxRequestBytes) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 2;
      }
      current.add(item);
      bytes += item.length + 1;
    }
    chunks.add(current);
    return chunks;
  }

  private static byte[] array(List<byte[]> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(items.get(i));
    }
    out.write(']');
    return out.toByteArray();
  }
}
