package dev.claviger.evidence.nvidia.internal;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.nvidia.NvidiaError;
import dev.claviger.evidence.nvidia.NvidiaRejectedException;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.MarshalException;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * A SWID tag RIM as a DOM parsed without DTDs or external entities, with its one enveloped
 * XML-DSig signature over the whole document (Reference URI="").
 */
public final class RimXml {
  private static final String SWID = "http://standards.iso.org/iso/19770/-2/2015/schema.xsd";
  private static final String DSIG = XMLSignature.XMLNS;
  private static final int MAX_ALTERNATIVES = 16;

  private final Document doc;
  private final Element signature;

  private RimXml(Document doc, Element signature) {
    this.doc = doc;
    this.signature = signature;
  }

  /** Parses securely; exactly one ds:Signature, a direct child of the root, must be present. */
  public static RimXml parse(byte[] xml) throws NvidiaRejectedException {
    Document doc;
    try {
      doc = builder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw bad("not well-formed or uses DTDs/entities: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!SWID.equals(root.getNamespaceURI()) || !"SoftwareIdentity".equals(root.getLocalName())) {
      throw bad("root element is not a SWID SoftwareIdentity", null);
    }
    NodeList sigs = doc.getElementsByTagNameNS(DSIG, "Signature");
    if (sigs.getLength() != 1 || sigs.item(0).getParentNode() != root) {
      throw bad(sigs.getLength() + " signatures; exactly one enveloped signature expected", null);
    }
    return new RimXml(doc, (Element) sigs.item(0));
  }

  private static DocumentBuilder builder() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    DocumentBuilder b = f.newDocumentBuilder();
    // The default handler prints to stderr; errors are reported through the exception only.
    b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
      @Override
      public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
        throw e;
      }

      @Override
      public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
        throw e;
      }
    });
    return b;
  }

  /** The KeyInfo certificates ordered leaf first (each followed by its issuer when present). */
  public List<X509Certificate> signerChain() throws NvidiaRejectedException {
    NodeList nodes = signature.getElementsByTagNameNS(DSIG, "X509Certificate");
    List<byte[]> ders = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      try {
        ders.add(Base64.getDecoder().decode(nodes.item(i).getTextContent().replaceAll("\\s", "")));
      } catch (IllegalArgumentException e) {
        throw bad("KeyInfo certificate is not base64", e);
      }
    }
    return order(CertChains.parseDer(ders, CertChains.RIM));
  }

  /** Leaf = the certificate that issues none of the others; then follow issuer names. */
  private static List<X509Certificate> order(List<X509Certificate> certs)
      throws NvidiaRejectedException {
    List<X509Certificate> leaves = certs.stream()
        .filter(c -> certs.stream().noneMatch(o -> o != c
            && o.getIssuerX500Principal().equals(c.getSubjectX500Principal())))
        .toList();
    if (leaves.size() != 1) {
      throw bad("KeyInfo holds " + leaves.size() + " candidate signing certificates", null);
    }
    List<X509Certificate> out = new ArrayList<>(List.of(leaves.get(0)));
    while (out.size() < certs.size()) {
      X509Certificate last = out.get(out.size() - 1);
      if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
        break;
      }
      X509Certificate next = certs.stream()
          .filter(c -> !out.contains(c)
              && c.getSubjectX500Principal().equals(last.getIssuerX500Principal()))
          .findFirst().orElse(null);
      if (next == null) {
        break;
      }
      out.add(next);
    }
    return out;
  }

  /** Validates the XML signature with {@code key} (secure validation on). */
  public void verifySignature(PublicKey key) throws NvidiaRejectedException, EvidenceException {
    XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
    DOMValidateContext ctx = new DOMValidateContext(key, signature);
    ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
    boolean ok;
    try {
      XMLSignature sig = f.unmarshalXMLSignature(ctx);
      if (sig.getSignedInfo().getReferences().size() != 1
          || !"".equals(((javax.xml.crypto.dsig.Reference) sig.getSignedInfo().getReferences()
              .get(0)).getURI())) {
        throw bad("the signature must cover the whole document (one Reference URI=\"\")", null);
      }
      ok = sig.validate(ctx);
    } catch (MarshalException e) {
      throw bad("unparseable ds:Signature: " + e.getMessage(), e);
    } catch (XMLSignatureException e) {
      throw new NvidiaRejectedException(NvidiaError.RIM_SIGNATURE_INVALID,
          "signature cannot be validated: " + e.getMessage(), e);
    }
    if (!ok) {
      throw new NvidiaRejectedException(NvidiaError.RIM_SIGNATURE_INVALID,
          "XML signature or reference digest does not verify");
    }
  }

  public String product() throws NvidiaRejectedException {
    return metaAttr("product");
  }

  public String version() throws NvidiaRejectedException {
    return metaAttr("colloquialVersion");
  }

  private String metaAttr(String name) throws NvidiaRejectedException {
    NodeList metas = doc.getDocumentElement().getElementsByTagNameNS(SWID, "Meta");
    if (metas.getLength() != 1) {
      throw bad(metas.getLength() + " Meta elements", null);
    }
    String v = ((Element) metas.item(0)).getAttribute(name);
    if (v.isEmpty()) {
      throw bad("Meta/@" + name + " missing", null);
    }
    return v;
  }

  /** Active Payload resources: RIM index i is SPDM block i+1; values Hash0..Hash(n-1). */
  public Map<Integer, List<String>> measurements() throws NvidiaRejectedException {
    NodeList resources = doc.getDocumentElement().getElementsByTagNameNS(SWID, "Resource");
    Map<Integer, List<String>> out = new HashMap<>();
    for (int i = 0; i < resources.getLength(); i++) {
      Element r = (Element) resources.item(i);
      if (!"Measurement".equals(r.getAttribute("type"))) {
        continue;
      }
      int index = intAttr(r, "index", 254);
      if (out.containsKey(index + 1)) {
        throw bad("duplicate Resource index " + index, null);
      }
      if ("true".equals(r.getAttribute("active").toLowerCase(Locale.ROOT))) {
        out.put(index + 1, hashes(r, intAttr(r, "alternatives", MAX_ALTERNATIVES)));
      } else {
        out.put(index + 1, null);
      }
    }
    out.values().removeIf(java.util.Objects::isNull);
    if (out.isEmpty()) {
      throw bad("no active measurements", null);
    }
    return out;
  }

  private static List<String> hashes(Element r, int alternatives) throws NvidiaRejectedException {
    Map<String, String> byName = new HashMap<>();
    NamedNodeMap attrs = r.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      String local = a.getLocalName() != null ? a.getLocalName() : a.getName();
      byName.put(local, a.getValue().toLowerCase(Locale.ROOT));
    }
    if (alternatives == 0) {
      throw bad("Resource with zero alternatives", null);
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < alternatives; k++) {
      String h = byName.get("Hash" + k);
      if (h == null || !h.matches("[0-9a-f]{96}")) {
        throw bad("Resource lacks a 48-byte Hash" + k, null);
      }
      out.add(h);
    }
    return out;
  }

  private static int intAttr(Element e, String name, int max) throws NvidiaRejectedException {
    try {
      int v = Integer.parseInt(e.getAttribute(name));
      if (v < 0 || v > max) {
        throw bad("Resource/@" + name + " out of range", null);
      }
      return v;
    } catch (NumberFormatException ex) {
      throw bad("Resource/@" + name + " is not a number", ex);
    }
  }

  private static NvidiaRejectedException bad(String detail, Throwable cause) {
    return new NvidiaRejectedException(NvidiaError.RIM_MALFORMED, detail, cause);
  }
}
