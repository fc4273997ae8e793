#!/bin/sh
# Makes the TLS test certificates in this folder. NOT FOR PRODUCTION: every private key here is public.
# Run from anywhere:  sh getty-tcp/src/test/resources/tls/generate.sh
# Needs OpenSSL 3 (made with OpenSSL 3.0.19) and the JDK's keytool (made with JDK 17).
# Rerunning replaces every file with new keys; the tests need nothing but what this script writes.
set -eu
cd "$(dirname "$0")"

DAYS=36500          # 100 years, so that the tests never see an expired certificate
PASS=changeit       # the password of every PKCS#12 file and of the encrypted key
SUBJ="/O=getty test (NOT FOR PRODUCTION)"

serial() { echo "0x$(openssl rand -hex 16)"; }

# sign NAME KEYFILE CN EXTENSIONS: a certificate for KEYFILE signed by the test CA.
sign() {
  openssl req -new -key "$2" -subj "$SUBJ/CN=$3" -out "$1.csr"
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -set_serial "$(serial)" -days $DAYS \
    -sha256 -extfile "$1.ext" -out "$1.crt"
  rm "$1.csr" "$1.ext"
}

SERVER_EXT="keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"

# The test CA.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key
openssl req -x509 -new -key ca.key -subj "$SUBJ/CN=getty test CA" -days $DAYS -sha256 -set_serial "$(serial)" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt

# Server, RSA 2048: localhost and 127.0.0.1. Key in PKCS#8, PKCS#1 and encrypted PKCS#8; the chain file
# holds the server certificate and then the CA's.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server.key
sign server server.key localhost "$SERVER_EXT"
cat server.crt ca.crt > server-chain.crt
openssl rsa -in server.key -traditional -out server-pkcs1.key
openssl pkcs8 -topk8 -in server.key -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout pass:$PASS -out server-encrypted.key
openssl pkcs12 -export -in server.crt -inkey server.key -certfile ca.crt -name server -passout pass:$PASS -out server.p12

# Server, EC P-256: the same names. Key in PKCS#8 and SEC1.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out server-ec.key
sign server-ec server-ec.key localhost "keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"
openssl ec -in server-ec.key -out server-ec-sec1.key
openssl pkcs12 -export -in server-ec.crt -inkey server-ec.key -certfile ca.crt -name server-ec -passout pass:$PASS -out server-ec.p12

# Client, for mutual TLS.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out client.key
sign client client.key "getty test client" "keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
openssl pkcs12 -export -in client.crt -inkey client.key -certfile ca.crt -name client -passout pass:$PASS -out client.p12

# A server certificate for another name, signed by the same CA: host-name verification must reject it.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other-host.key
sign other-host other-host.key other-host.example "keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:other-host.example"

# Self-signed, for localhost: trusted by nobody.
openssl req -x509 -new -newkey rsa:2048 -nodes -keyout self-signed.key -subj "$SUBJ/CN=localhost" -days $DAYS \
  -sha256 -set_serial "$(serial)" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out self-signed.crt

# A PKCS#12 truststore holding the CA, made by keytool so that the JDK sees a trusted-certificate entry.
rm -f truststore.p12
keytool -importcert -noprompt -alias getty-test-ca -file ca.crt -keystore truststore.p12 -storetype PKCS12 \
  -storepass $PASS

chmod 644 ./*.crt ./*.key ./*.p12   # private keys of tests, readable like the rest of the source tree

# The examples' copy: the CA (for the example client) and the RSA server certificate and key.
EXAMPLES=../../../../../examples/src/main/resources/tls
if [ -d "$EXAMPLES" ]; then
  cp ca.crt server.crt server.key "$EXAMPLES"/
fi
