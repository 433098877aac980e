package dev.claviger.policy.internal.rego;

import dev.claviger.policy.EvalLimits;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Program.Node;
import java.time.Clock;

/** The immutable compiled state shared by all evaluations of one engine. */
record Core(Node root, Value baseData, boolean strict, EvalLimits limits, Clock clock) {}
