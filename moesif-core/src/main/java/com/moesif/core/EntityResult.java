package com.moesif.core;

/**
 * What the collector answered to an entity update.
 *
 * @param success every request was accepted (2xx)
 * @param status the HTTP status of the last request (0 when no answer came)
 * @param items items in the call
 * @param requests requests made (a batch larger than the server's size limit is split)
 * @param detail a short description, e.g. {@code "HTTP 201"} or the connection error
 */
public record EntityResult(boolean success, int status, int items, int requests, String detail) {}
