package com.moesif.core;

import com.moesif.core.internal.EntityClient;
import com.moesif.core.model.CompanyModel;
import com.moesif.core.model.SubscriptionModel;
import com.moesif.core.model.UserModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Users, companies and subscriptions (collector-api.md §8), from {@link Moesif#api()}. Items are
 * models or {@code Map}s with the wire's snake_case keys; required ids are checked locally, before
 * any network call, with an {@link IllegalArgumentException}. Batches larger than the server's
 * size limit are split. Calls retry like event uploads; the synchronous forms block the caller,
 * the {@code Async} forms run on the SDK's HTTP threads.
 */
public final class MoesifApiClient {
  private final EntityClient client;

  MoesifApiClient(EntityClient client) {
    this.client = client;
  }

  public EntityResult updateUser(UserModel user) {
    return client.send(EntityClient.Kind.USER, List.of(user), false);
  }

  public EntityResult updateUser(Map<String, ?> user) {
    return client.send(EntityClient.Kind.USER, List.of(user), false);
  }

  /** {@return @param users {@link UserModel}s or maps} */
  public EntityResult updateUsersBatch(List<?> users) {
    return client.send(EntityClient.Kind.USER, users, true);
  }

  public EntityResult updateCompany(CompanyModel company) {
    return client.send(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  public EntityResult updateCompany(Map<String, ?> company) {
    return client.send(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  /** {@return @param companies {@link CompanyModel}s or maps} */
  public EntityResult updateCompaniesBatch(List<?> companies) {
    return client.send(EntityClient.Kind.COMPANY, companies, true);
  }

  public EntityResult updateSubscription(SubscriptionModel subscription) {
    return client.send(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  public EntityResult updateSubscription(Map<String, ?> subscription) {
    return client.send(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  /** {@return @param subscriptions {@link SubscriptionModel}s or maps} */
  public EntityResult updateSubscriptionsBatch(List<?> subscriptions) {
    return client.send(EntityClient.Kind.SUBSCRIPTION, subscriptions, true);
  }

  public CompletableFuture<EntityResult> updateUserAsync(UserModel user) {
    return client.sendAsync(EntityClient.Kind.USER, List.of(user), false);
  }

  public CompletableFuture<EntityResult> updateUserAsync(Map<String, ?> user) {
    return client.sendAsync(EntityClient.Kind.USER, List.of(user), false);
  }

  public CompletableFuture<EntityResult> updateUsersBatchAsync(List<?> users) {
    return client.sendAsync(EntityClient.Kind.USER, users, true);
  }

  public CompletableFuture<EntityResult> updateCompanyAsync(CompanyModel company) {
    return client.sendAsync(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  public CompletableFuture<EntityResult> updateCompanyAsync(Map<String, ?> company) {
    return client.sendAsync(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  public CompletableFuture<EntityResult> updateCompaniesBatchAsync(List<?> companies) {
    return client.sendAsync(EntityClient.Kind.COMPANY, companies, true);
  }

  public CompletableFuture<EntityResult> updateSubscriptionAsync(SubscriptionModel subscription) {
    return client.sendAsync(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  public CompletableFuture<EntityResult> updateSubscriptionAsync(Map<String, ?> subscription) {
    return client.sendAsync(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  public CompletableFuture<EntityResult> updateSubscriptionsBatchAsync(List<?> subscriptions) {
    return client.sendAsync(EntityClient.Kind.SUBSCRIPTION, subscriptions, true);
  }
}
