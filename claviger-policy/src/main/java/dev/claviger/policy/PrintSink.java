package dev.claviger.policy;

/** Receives {@code print()} output, one line per call, formatted {@code <file>:<line>: <args>}. */
@FunctionalInterface
public interface PrintSink {
  PrintSink DISCARD = line -> {};

  void print(String line);
}
