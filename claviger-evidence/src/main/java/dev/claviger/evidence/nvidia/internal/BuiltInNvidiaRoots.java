package dev.claviger.evidence.nvidia.internal;

/**
 * The NVIDIA Device Identity CA as nvtrust and Trustee compile it in
 * ({@code verifier_device_root.pem}); a public certificate, checked against
 * {@link #DEVICE_ROOT_SHA256} when loaded so an edit here cannot go unnoticed.
 */
public final class BuiltInNvidiaRoots {
  private BuiltInNvidiaRoots() {}

  /** SHA-256 of the DER of the NVIDIA Device Identity CA (2021-11-05..9999-12-31). */
  public static final String DEVICE_ROOT_SHA256 =
      "102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48";

  /** SHA-256 of the DER of the NVIDIA CoRIM signing Root CA (2023-03-16..2053-03-08). */
  public static final String RIM_ROOT_SHA256 =
      "12977b5115acb0381179279fffeb5a8c4d264971ebb32298023a465fa41df5d1";

  /** NVIDIA Device Identity CA. */
  public static final String DEVICE_ROOT = """
      -----BEGIN CERTIFICATE-----
      MIICCzCCAZCgAwIBAgIQLTZwscoQBBHB/sDoKgZbVDAKBggqhkjOPQQDAzA1MSIw
      IAYDVQQDDBlOVklESUEgRGV2aWNlIElkZW50aXR5IENBMQ8wDQYDVQQKDAZOVklE
      SUEwIBcNMjExMTA1MDAwMDAwWhgPOTk5OTEyMzEyMzU5NTlaMDUxIjAgBgNVBAMM
      GU5WSURJQSBEZXZpY2UgSWRlbnRpdHkgQ0ExDzANBgNVBAoMBk5WSURJQTB2MBAG
      ByqGSM49AgEGBSuBBAAiA2IABA5MFKM7+KViZljbQSlgfky/RRnEQScW9NDZF8SX
      gAW96r6u/Ve8ZggtcYpPi2BS4VFu6KfEIrhN6FcHG7WP05W+oM+hxj7nyA1r1jkB
      2Ry70YfThX3Ba1zOryOP+MJ9vaNjMGEwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8B
      Af8EBAMCAQYwHQYDVR0OBBYEFFeF/4PyY8xlfWi3Olv0jUrL+0lfMB8GA1UdIwQY
      MBaAFFeF/4PyY8xlfWi3Olv0jUrL+0lfMAoGCCqGSM49BAMDA2kAMGYCMQCPeFM3
      TASsKQVaT+8S0sO9u97PVGCpE9d/I42IT7k3UUOLSR/qvJynVOD1vQKVXf0CMQC+
      EY55WYoDBvs2wPAH1Gw4LbcwUN8QCff8bFmV4ZxjCRr4WXTLFHBKjbfneGSBWwA=
      -----END CERTIFICATE-----      """;

  /** NVIDIA CoRIM signing Root CA. */
  public static final String RIM_ROOT = """
      -----BEGIN CERTIFICATE-----
      MIICKTCCAbCgAwIBAgIQRdrjoA5QN73fh1N17LXicDAKBggqhkjOPQQDAzBFMQsw
      CQYDVQQGEwJVUzEPMA0GA1UECgwGTlZJRElBMSUwIwYDVQQDDBxOVklESUEgQ29S
      SU0gc2lnbmluZyBSb290IENBMCAXDTIzMDMxNjE1MzczNFoYDzIwNTMwMzA4MTUz
      NzM0WjBFMQswCQYDVQQGEwJVUzEPMA0GA1UECgwGTlZJRElBMSUwIwYDVQQDDBxO
      VklESUEgQ29SSU0gc2lnbmluZyBSb290IENBMHYwEAYHKoZIzj0CAQYFK4EEACID
      YgAEuECyi9vNM+Iw2lfUzyBldHAwaC1HF7TCgp12QcEyUTm3Tagxwr48d55+K2VI
      lWYIDk7NlAIQdcV/Ff7euGLI+Qauj93HsSI4WX298PpW54RTgz9tC+Q684caR/BX
      WEeZo2MwYTAdBgNVHQ4EFgQUpaXrOPK4ZDAk08DBskn594zeZjAwHwYDVR0jBBgw
      FoAUpaXrOPK4ZDAk08DBskn594zeZjAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8B
      Af8EBAMCAQYwCgYIKoZIzj0EAwMDZwAwZAIwHGDyscDP6ihHqRvZlI3eqZ4YkvjE
      1duaN84tAHRVgxVMvNrp5Tnom3idHYGW/dskAjATvjIx6VzHm/4e2GiZAyZEIUBD
      OKPzp5ei/A0iUZpdvngenDwV8Qa/wGdiTmJ7Bp4=
      -----END CERTIFICATE-----      """;
}
