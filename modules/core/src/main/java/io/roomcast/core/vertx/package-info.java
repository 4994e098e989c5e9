/**
 * Every use of Vert.x below its public API, in one place: internal interfaces ({@code
 * io.vertx.core.internal}, {@code *.impl}) behind small methods, and the names of the handlers
 * Vert.x puts in a connection's Netty pipeline. {@code VertxInternalsContractTest} fails, naming
 * the class or handler, when a Vert.x upgrade moves any of them. Nothing outside this package
 * imports a Vert.x internal.
 */
package io.roomcast.core.vertx;
