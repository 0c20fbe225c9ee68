#include "core/tls/certificatemaker.h"

#include <QHostAddress>

#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace {
template <auto Free> struct Deleter {
    template <typename T> void operator()(T *p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;

// OpenSSL's own words for what went wrong last, for error messages.
QString opensslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    char text[256] = {};
    if (code)
        ERR_error_string_n(code, text, sizeof text);
    return code ? QStringLiteral("%1: %2").arg(QLatin1StringView(what), QLatin1StringView(text))
                : QLatin1StringView(what);
}

Bio memoryBio(const QByteArray &bytes)
{
    return Bio(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

Cert readCertificate(const QByteArray &pem)
{
    Bio bio = memoryBio(pem);
    return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// No passphrase callback may prompt on a terminal: an encrypted key is an error.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

Key readKey(const QByteArray &pem)
{
    Bio bio = memoryBio(pem);
    return Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
}

QByteArray certificatePem(X509 *cert)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    return bioBytes(bio.get());
}

QByteArray keyPem(EVP_PKEY *key)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioBytes(bio.get());
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!extension)
        return false;
    const bool added = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

// A new certificate with a random positive 127-bit serial, validity from an hour ago
// (clocks of clients differ a little) for `days`, and the subject's key.
Cert newCertificate(EVP_PKEY *subjectKey, const QString &commonName, int days)
{
    Cert cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1)
        return nullptr;
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return nullptr;
    serial[0] &= 0x7f;
    Bignum number(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!number || !BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(cert.get())))
        return nullptr;
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Hookbench"), -1, -1,
                               0);
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()),
                               int(cn.size()), -1, 0);
    if (X509_set_pubkey(cert.get(), subjectKey) != 1)
        return nullptr;
    return cert;
}

Key newKey()
{
    return Key(EVP_EC_gen("P-256"));
}
} // namespace

bool CertificateMaker::makeAuthority(const QString &commonName, int days, PemPair *out, QString *error)
{
    Key key = newKey();
    if (!key) {
        *error = opensslError("cannot make a key");
        return false;
    }
    Cert cert = newCertificate(key.get(), commonName, days);
    if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) != 1
        || !addExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
        || !addExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign")
        || !addExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash")
        || X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
        *error = opensslError("cannot make the certificate authority");
        return false;
    }
    out->certificate = certificatePem(cert.get());
    out->key = keyPem(key.get());
    return true;
}

bool CertificateMaker::makeLeaf(const PemPair &authority, const QStringList &names, int days, PemPair *out,
                                QString *error)
{
    Cert caCert = readCertificate(authority.certificate);
    Key caKey = readKey(authority.key);
    if (!caCert || !caKey) {
        *error = opensslError("cannot read the certificate authority");
        return false;
    }
    Key key = newKey();
    if (!key) {
        *error = opensslError("cannot make a key");
        return false;
    }
    QStringList alternatives;
    for (const QString &name : names) {
        const QHostAddress address(name);
        alternatives << (address.isNull() ? QStringLiteral("DNS:") + name : QStringLiteral("IP:") + address.toString());
    }
    const QByteArray san = alternatives.join(QLatin1Char(',')).toUtf8();
    Cert cert = newCertificate(key.get(), names.value(0), days);
    if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert.get())) != 1
        || !addExtension(cert.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), caCert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), caCert.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(cert.get(), caCert.get(), NID_subject_alt_name, san.constData())
        || !addExtension(cert.get(), caCert.get(), NID_subject_key_identifier, "hash")
        || !addExtension(cert.get(), caCert.get(), NID_authority_key_identifier, "keyid:always")
        || X509_sign(cert.get(), caKey.get(), EVP_sha256()) == 0) {
        *error = opensslError("cannot make the listener's certificate");
        return false;
    }
    out->certificate = certificatePem(cert.get());
    out->key = keyPem(key.get());
    return true;
}

bool CertificateMaker::isSignedBy(const QByteArray &certificatePem, const QByteArray &authorityPem)
{
    Cert cert = readCertificate(certificatePem);
    Cert authority = readCertificate(authorityPem);
    if (!cert || !authority) {
        ERR_clear_error();
        return false;
    }
    EVP_PKEY *authorityKey = X509_get0_pubkey(authority.get());
    const bool signedBy = authorityKey && X509_verify(cert.get(), authorityKey) == 1;
    ERR_clear_error();
    return signedBy;
}

bool CertificateMaker::keyMatches(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error)
{
    Cert cert = readCertificate(certificatePem);
    Key key = readKey(keyPem);
    if (!cert || !key) {
        *error = opensslError(!cert ? "not a PEM certificate" : "not a PEM private key");
        return false;
    }
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        *error = QStringLiteral("the private key does not belong to the certificate");
        return false;
    }
    return true;
}

bool CertificateMaker::normalizeKey(const QByteArray &keyPem, QByteArray *pkcs8Pem, QString *error)
{
    Key key = readKey(keyPem);
    if (!key) {
        *error = keyPem.contains("ENCRYPTED") ? QStringLiteral("the private key is encrypted; give it unencrypted")
                                              : opensslError("not a PEM private key");
        ERR_clear_error();
        return false;
    }
    *pkcs8Pem = ::keyPem(key.get());
    return true;
}
