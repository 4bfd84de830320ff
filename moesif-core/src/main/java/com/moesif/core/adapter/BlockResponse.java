package com.moesif.core.adapter;

import java.util.List;
import java.util.Map;

/**
 * The answer a blocking governance rule gives instead of calling the handler. The adapter writes
 * exactly this (status, headers in order, body bytes) and then ends the exchange as usual.
 *
 * @param status HTTP status
 * @param headers headers to set, {@code Content-Type: application/json} among them
 * @param body the UTF-8 JSON body
 * @param ruleId the {@code _id} of the rule that blocked the call
 */
public record BlockResponse(
    int status, List<Map.Entry<String, String>> headers, byte[] body, String ruleId) {
  /**
   * Copies {@code headers} and {@code body}, so the value stays immutable.
   *
   * @param status HTTP status
   * @param headers headers to set, {@code Content-Type: application/json} among them
   * @param body the UTF-8 JSON body
   * @param ruleId the {@code _id} of the rule that blocked the call
   */
  public BlockResponse {
    headers = List.copyOf(headers);
    body = body.clone();
  }

  /** {@return a copy of the UTF-8 JSON body} */
  @Override
  public byte[] body() {
    return body.clone();
  }
}
