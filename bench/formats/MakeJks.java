// Writes a JKS keystore of N trusted-certificate entries with Java's own KeyStore (the code
// keytool runs), in one JVM: `java bench/formats/MakeJks.java BUNDLE.pem OUT.jks N STOREPASS`.
// (keytool -importcert once per certificate would start a JVM a thousand times.)
import java.io.*; import java.security.KeyStore; import java.security.cert.*; import java.util.*;
public class MakeJks { public static void main(String[] a) throws Exception {
  Collection<? extends Certificate> certs; try (InputStream in = new FileInputStream(a[0])) { certs = CertificateFactory.getInstance("X.509").generateCertificates(in); }
  int n = Integer.parseInt(a[2]); KeyStore ks = KeyStore.getInstance("JKS"); ks.load(null, null); int i = 0;
  for (Certificate c : certs) { if (i >= n) break; ks.setCertificateEntry(String.format("cert-%04d", i++), c); }
  try (OutputStream out = new FileOutputStream(a[1])) { ks.store(out, a[3].toCharArray()); } } }
