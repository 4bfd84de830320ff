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

  /**
   * Creates or updates one user ({@code POST /v1/users}), blocking until the collector answers or
   * the retries are spent.
   *
   * @param user the user
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateUser(UserModel user) {
    return client.send(EntityClient.Kind.USER, List.of(user), false);
  }

  /**
   * Creates or updates one user ({@code POST /v1/users}), blocking until the collector answers or
   * the retries are spent.
   *
   * @param user the user as a map with the wire's snake_case keys
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateUser(Map<String, ?> user) {
    return client.send(EntityClient.Kind.USER, List.of(user), false);
  }

  /** {@return @param users {@link UserModel}s or maps} */
  /**
   * Creates or updates users ({@code POST /v1/users/batch}, split into as many requests as the size
   * limit needs), blocking until the collector answers or the retries are spent.
   *
   * @param users {@link UserModel}s or maps with the wire's snake_case keys
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateUsersBatch(List<?> users) {
    return client.send(EntityClient.Kind.USER, users, true);
  }

  /**
   * Creates or updates one company ({@code POST /v1/companies}), blocking until the collector
   * answers or the retries are spent.
   *
   * @param company the company
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateCompany(CompanyModel company) {
    return client.send(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  /**
   * Creates or updates one company ({@code POST /v1/companies}), blocking until the collector
   * answers or the retries are spent.
   *
   * @param company the company as a map with the wire's snake_case keys
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateCompany(Map<String, ?> company) {
    return client.send(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  /** {@return @param companies {@link CompanyModel}s or maps} */
  /**
   * Creates or updates companies ({@code POST /v1/companies/batch}, split into as many requests as
   * the size limit needs), blocking until the collector answers or the retries are spent.
   *
   * @param companies {@link CompanyModel}s or maps with the wire's snake_case keys
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateCompaniesBatch(List<?> companies) {
    return client.send(EntityClient.Kind.COMPANY, companies, true);
  }

  /**
   * Creates or updates one subscription ({@code POST /v1/subscriptions}), blocking until the
   * collector answers or the retries are spent.
   *
   * @param subscription the subscription
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateSubscription(SubscriptionModel subscription) {
    return client.send(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  /**
   * Creates or updates one subscription ({@code POST /v1/subscriptions}), blocking until the
   * collector answers or the retries are spent.
   *
   * @param subscription the subscription as a map with the wire's snake_case keys
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateSubscription(Map<String, ?> subscription) {
    return client.send(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  /** {@return @param subscriptions {@link SubscriptionModel}s or maps} */
  /**
   * Creates or updates subscriptions ({@code POST /v1/subscriptions/batch}, split into as many
   * requests as the size limit needs), blocking until the collector answers or the retries are
   * spent.
   *
   * @param subscriptions {@link SubscriptionModel}s or maps with the wire's snake_case keys
   * @return what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public EntityResult updateSubscriptionsBatch(List<?> subscriptions) {
    return client.send(EntityClient.Kind.SUBSCRIPTION, subscriptions, true);
  }

  /**
   * Creates or updates one user ({@code POST /v1/users}) on the SDK's HTTP threads.
   *
   * @param user the user
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateUserAsync(UserModel user) {
    return client.sendAsync(EntityClient.Kind.USER, List.of(user), false);
  }

  /**
   * Creates or updates one user ({@code POST /v1/users}) on the SDK's HTTP threads.
   *
   * @param user the user as a map with the wire's snake_case keys
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateUserAsync(Map<String, ?> user) {
    return client.sendAsync(EntityClient.Kind.USER, List.of(user), false);
  }

  /**
   * Creates or updates users ({@code POST /v1/users/batch}, split into as many requests as the size
   * limit needs) on the SDK's HTTP threads.
   *
   * @param users {@link UserModel}s or maps with the wire's snake_case keys
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateUsersBatchAsync(List<?> users) {
    return client.sendAsync(EntityClient.Kind.USER, users, true);
  }

  /**
   * Creates or updates one company ({@code POST /v1/companies}) on the SDK's HTTP threads.
   *
   * @param company the company
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateCompanyAsync(CompanyModel company) {
    return client.sendAsync(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  /**
   * Creates or updates one company ({@code POST /v1/companies}) on the SDK's HTTP threads.
   *
   * @param company the company as a map with the wire's snake_case keys
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateCompanyAsync(Map<String, ?> company) {
    return client.sendAsync(EntityClient.Kind.COMPANY, List.of(company), false);
  }

  /**
   * Creates or updates companies ({@code POST /v1/companies/batch}, split into as many requests as
   * the size limit needs) on the SDK's HTTP threads.
   *
   * @param companies {@link CompanyModel}s or maps with the wire's snake_case keys
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateCompaniesBatchAsync(List<?> companies) {
    return client.sendAsync(EntityClient.Kind.COMPANY, companies, true);
  }

  /**
   * Creates or updates one subscription ({@code POST /v1/subscriptions}) on the SDK's HTTP threads.
   *
   * @param subscription the subscription
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateSubscriptionAsync(SubscriptionModel subscription) {
    return client.sendAsync(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  /**
   * Creates or updates one subscription ({@code POST /v1/subscriptions}) on the SDK's HTTP threads.
   *
   * @param subscription the subscription as a map with the wire's snake_case keys
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateSubscriptionAsync(Map<String, ?> subscription) {
    return client.sendAsync(EntityClient.Kind.SUBSCRIPTION, List.of(subscription), false);
  }

  /**
   * Creates or updates subscriptions ({@code POST /v1/subscriptions/batch}, split into as many
   * requests as the size limit needs) on the SDK's HTTP threads.
   *
   * @param subscriptions {@link SubscriptionModel}s or maps with the wire's snake_case keys
   * @return completes with what the collector answered
   * @throws IllegalArgumentException if a required field is missing or blank (before any network
   *     call)
   */
  public CompletableFuture<EntityResult> updateSubscriptionsBatchAsync(List<?> subscriptions) {
    return client.sendAsync(EntityClient.Kind.SUBSCRIPTION, subscriptions, true);
  }
}
