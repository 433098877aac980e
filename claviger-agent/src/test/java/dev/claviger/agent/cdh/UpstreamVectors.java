package dev.claviger.agent.cdh;

import java.util.HexFormat;

/**
 * Test vectors copied from confidential-containers/guest-components @ 8246e5e0 (Apache-2.0): small
 * test keys and packets, embedded as the upstream repository itself does.
 */
final class UpstreamVectors {
  private UpstreamVectors() {}

  /** ocicrypt-rs/data/sample_kbc_annotation.json. */
  static final String SAMPLE_KBC_ANNOTATION =
      """
      {
      	"kid": "kbs:///default/key/1",
      	"wrapped_data": "KxAFgXwa0y72Xdygub9lF00RVMtSRbYzvakIEASgi3Gvt1wGLkhKPXf0S033Jdi6vAN6zBM7d0xZSDo2JCeew0FeKwTYgdJfdcPhuEpZOpjhwIsidyeiunzp0J/crvI1tSPZJw4DPHZN2eQtg71rDzIbuDM5ATheiDM9/YJv+k+n6Nv6/pRb8qynNzbWFz7Q8wEo1ZZlL6UftOBJ6j9GuEOTM2k/B+5sMA2VhGHSzDsKA1mn0qzcn2HJg4GcmxwDpJwzm5n7B4iIJ3A0umrQAjQ=",
      	"iv": "3PQMqtjbR4hxCr83",
      	"wrap_type": "A256GCM"
      }
      """;

  /** The layer options sample_kbc_annotation.json wraps. */
  static final String SAMPLE_KBC_OPTSDATA =
      "{\"symkey\":\"1jL2jJV0Oyz2nmPkLtqulW6cKcpIUN5FpILcVnP5Uqs=\","
          + "\"digest\":\"sha256:18be1897f9402f27c8c0eba7c86e0c00f5656db62961b5949d55f9565c42c6e7\","
          + "\"cipheroptions\":{\"nonce\":\"r10F9oaCu+nWFXfod3l83g==\"}}";

  /** attestation-agent/coco_keyprovider/src/enc_mods/crypto.rs HARDCODED_KEY. */
  static final byte[] HARDCODED_KEY =
      HexFormat.of().parseHex("d99b7705b0ba7a168295b3a3367270b0dd9b371bf514ca8b9ba7f0a33711daea");

  /** confidential-data-hub/hub/src/image/test/v1.json (parse-only: its KEK is not published). */
  static final String V1_PACKET =
      """
      {
        "kid": "kbs:///kbs:///default/key/1",
        "wrapped_data": "HRCsBgH/ueLcWlUqP8j8BTREOjQXSNQvjPejbSTQt8Nu4pve07TmkSqRzu2yR7l9WbbZ4O5PChsnjuNLzu6cHvOqVSSCu3aIDYVs8VUPJSO434G+K5sAvsCSJK454VMQEY9zW8y45BrYUYV5jEKSsKvR1iqFkpzcdwI8tjGTpRMlu1gGQ6mA1jgVZKgnK8hcihmgCu24oKPmdd0pMKfiFDbzmsnRw4CS+eRb1Dp3vgLD6hCMz5BV7abaq7VMWP7SKJtJJbpYzqlKiI5i0r1qO8U=",
        "iv": "M02S5rumY5JybMLQ",
        "wrap_type": "A256GCM"
      }""";

  /** Public part of confidential-data-hub/hub/src/secret/tests/test-key.json. */
  static final String TEST_KEY_PUBLIC =
      """
      {"kty":"EC","use":"sig","crv":"P-256","kid":"test-key",
       "x":"QT3_slJmispaOwnAo6hxebXGLRuiveFuRCLpS4j4S4k",
       "y":"jcDn4N4nRBQ-a7_D3qjqtb6hwOAXh_ve1wvibPSi1G0","alg":"ES256"}""";

  /** confidential-data-hub/hub/src/secret/tests/test-key.json (a published throwaway test key). */
  static final String TEST_KEY_PRIVATE =
      """
      {"kty":"EC","d":"7baJLiTk68NcLgYPv05jJvElqoAhbzi1ZWx4OyILUtA","use":"sig","crv":"P-256",
       "kid":"test-key","x":"QT3_slJmispaOwnAo6hxebXGLRuiveFuRCLpS4j4S4k",
       "y":"jcDn4N4nRBQ-a7_D3qjqtb6hwOAXh_ve1wvibPSi1G0","alg":"ES256"}""";

  /** confidential-data-hub/hub/src/secret/tests/test-key-2.json. */
  static final String TEST_KEY_2_PRIVATE =
      """
      {"kty":"EC","d":"Mj3WjKn-BI3cvwmy-iI2PFcwdCIil6JQ2qDdFxwWqFI","use":"sig","crv":"P-256",
       "x":"ba6dhVZMQpM00nfC05nss0_5OQofKMQ8QgiXx3qU_1U",
       "y":"4cLtTuwNiGopbVTbE1oaUyNXPWmRpweTs7DTUdxS6yE","alg":"ES256"}""";

  /** guest-components.md §3.2: sealed with test-key.json, kid "test-key", vault kbs:///one/2/trois. */
  static final String SEALED_VAULT_EXAMPLE =
      "sealed.eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3Qta2V5In0"
          + ".eyJ2ZXJzaW9uIjoiMC4xLjAiLCJ0eXBlIjoidmF1bHQiLCJuYW1lIjoia2JzOi8vL29uZS8yL3Ryb2lzIiwicHJvdmlkZXIiOiJrYnMiLCJwcm92aWRlcl9zZXR0aW5ncyI6e30sImFubm90YXRpb25zIjp7fX0"
          + ".KogbRYfpNsTBNQTgqzDOj-xcNxONRxx1JEv4a7PJXjjho369KO_1uY03kRd7AttJ-IG4OpmPtVr4DGOqA95n_g";

  /** confidential-data-hub/hub/src/secret/tests/envelope-1.json (placeholder values upstream). */
  static final String ENVELOPE_1 =
      """
      {
        "version": "0.1.0",
        "type": "envelope",
        "key_id": "xxx",
        "encrypted_key": "yyy",
        "encrypted_data": "zzz",
        "wrap_type": "A256GCM",
        "iv": "www",
        "provider": "aliyun",
        "provider_settings": {},
        "annotations": {}
      }""";
}
