package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.TeeClass;

/** One EAR appraisal ({@code submods.<class><n>}). */
record Submodule(TeeClass teeClass, TrustVector vector, String policyId, ObjectNode annotatedEvidence,
    java.util.List<Appraiser.Extension> extensions) {

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("ear.status", vector.status().wireName());
    n.set("ear.trustworthiness-vector", vector.toJson());
    n.put("ear.appraisal-policy-id", policyId);
    n.set("ear.veraison.annotated-evidence", annotatedEvidence);
    for (Appraiser.Extension x : extensions) {
      n.set(x.name(), x.value());
    }
    return n;
  }
}
