#include "drivers/emrtd/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <memory>
#include <string>

#include "drivers/emrtd/openssl_status.h"

namespace kiosk::emrtd {
namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

const EVP_CIPHER* CbcCipher(Cipher cipher) {
  switch (cipher) {
    case Cipher::k3Des:
      return EVP_des_ede_cbc();  // two-key 3DES, K1 K2 K1
    case Cipher::kAes128:
      return EVP_aes_128_cbc();
    case Cipher::kAes192:
      return EVP_aes_192_cbc();
    case Cipher::kAes256:
      return EVP_aes_256_cbc();
  }
  return nullptr;
}

StatusOr<Bytes> RunCbc(Cipher cipher, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                       std::span<const uint8_t> data, bool encrypt) {
  if (key.size() != KeySize(cipher)) return InvalidInputError("cipher: wrong key size");
  if (iv.size() != BlockSize(cipher)) return InvalidInputError("cipher: wrong IV size");
  if (data.size() % BlockSize(cipher) != 0) {
    return InvalidInputError("cipher: data is not a multiple of the block size");
  }
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return OpenSslError("EVP_CIPHER_CTX_new");
  if (EVP_CipherInit_ex(ctx.get(), CbcCipher(cipher), nullptr, key.data(), iv.data(),
                        encrypt ? 1 : 0) != 1) {
    return OpenSslError("EVP_CipherInit_ex");
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  Bytes out(data.size() + BlockSize(cipher));
  int written = 0;
  int final_written = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &written, data.data(),
                       static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + written, &final_written) != 1) {
    return OpenSslError("cipher");
  }
  out.resize(static_cast<size_t>(written + final_written));
  return out;
}

StatusOr<Bytes> DesCbc(const EVP_CIPHER* des, std::span<const uint8_t> key,
                       std::span<const uint8_t> data, bool encrypt) {
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  uint8_t iv[8] = {};
  if (!ctx || EVP_CipherInit_ex(ctx.get(), des, nullptr, key.data(), iv, encrypt ? 1 : 0) != 1) {
    return OpenSslError("DES init");
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  Bytes out(data.size() + 8);
  int written = 0;
  int final_written = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &written, data.data(),
                       static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + written, &final_written) != 1) {
    return OpenSslError("DES");
  }
  out.resize(static_cast<size_t>(written + final_written));
  return out;
}

// ISO 9797-1 MAC algorithm 3: single-DES CBC with K1 over every block, then decrypt with K2
// and encrypt with K1 on the last one.
StatusOr<Bytes> RetailMac(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  if (key.size() != 16) return InvalidInputError("retail MAC: key must be 16 bytes");
  if (data.empty() || data.size() % 8 != 0) {
    return InvalidInputError("retail MAC: data must be padded");
  }
  // Single DES is in OpenSSL 3's legacy provider; 3DES with K1=K2=K3 computes the same thing
  // from the default provider.
  Bytes k1(24);
  Bytes k2(24);
  for (int i = 0; i < 3; ++i) {
    std::copy(key.begin(), key.begin() + 8, k1.begin() + i * 8);
    std::copy(key.begin() + 8, key.begin() + 16, k2.begin() + i * 8);
  }
  KIOSK_ASSIGN_OR_RETURN(Bytes chain, DesCbc(EVP_des_ede3_cbc(), k1, data, true));
  std::span<const uint8_t> last(chain.data() + chain.size() - 8, 8);
  KIOSK_ASSIGN_OR_RETURN(Bytes step, DesCbc(EVP_des_ede3_cbc(), k2, last, false));
  KIOSK_ASSIGN_OR_RETURN(Bytes mac, DesCbc(EVP_des_ede3_cbc(), k1, step, true));
  SecureClear(k1);
  SecureClear(k2);
  return mac;
}

StatusOr<Bytes> AesCmac(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  const char* name = key.size() == 16   ? "AES-128-CBC"
                     : key.size() == 24 ? "AES-192-CBC"
                                        : "AES-256-CBC";
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
  if (mac == nullptr) return OpenSslError("EVP_MAC_fetch CMAC");
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);
  if (ctx == nullptr) return OpenSslError("EVP_MAC_CTX_new");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, const_cast<char*>(name), 0),
      OSSL_PARAM_construct_end()};
  Bytes out(16);
  size_t out_len = 0;
  bool ok = EVP_MAC_init(ctx, key.data(), key.size(), params) == 1 &&
            EVP_MAC_update(ctx, data.data(), data.size()) == 1 &&
            EVP_MAC_final(ctx, out.data(), &out_len, out.size()) == 1;
  EVP_MAC_CTX_free(ctx);
  if (!ok) return OpenSslError("AES-CMAC");
  out.resize(8);
  return out;
}

}  // namespace

std::string_view CipherName(Cipher cipher) {
  switch (cipher) {
    case Cipher::k3Des:
      return "3DES";
    case Cipher::kAes128:
      return "AES-128";
    case Cipher::kAes192:
      return "AES-192";
    case Cipher::kAes256:
      return "AES-256";
  }
  return "?";
}

size_t BlockSize(Cipher cipher) { return cipher == Cipher::k3Des ? 8 : 16; }

size_t KeySize(Cipher cipher) {
  switch (cipher) {
    case Cipher::k3Des:
    case Cipher::kAes128:
      return 16;
    case Cipher::kAes192:
      return 24;
    case Cipher::kAes256:
      return 32;
  }
  return 16;
}

void SecureClear(Bytes& bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  bytes.clear();
}

void SecureClear(std::string& text) {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

Bytes Pad(std::span<const uint8_t> data, size_t block) {
  Bytes out(data.begin(), data.end());
  out.push_back(0x80);
  while (out.size() % block != 0) out.push_back(0x00);
  return out;
}

StatusOr<Bytes> Unpad(std::span<const uint8_t> data) {
  size_t end = data.size();
  while (end > 0 && data[end - 1] == 0x00) --end;
  if (end == 0 || data[end - 1] != 0x80) return DataLossError("padding: no 0x80 marker");
  return Bytes(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(end - 1));
}

StatusOr<Bytes> EncryptCbc(Cipher cipher, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                           std::span<const uint8_t> data) {
  return RunCbc(cipher, key, iv, data, true);
}

StatusOr<Bytes> DecryptCbc(Cipher cipher, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                           std::span<const uint8_t> data) {
  return RunCbc(cipher, key, iv, data, false);
}

StatusOr<Bytes> Mac(Cipher cipher, std::span<const uint8_t> key, std::span<const uint8_t> data) {
  if (key.size() != KeySize(cipher)) return InvalidInputError("MAC: wrong key size");
  if (cipher == Cipher::k3Des) return RetailMac(key, data);
  return AesCmac(key, data);
}

StatusOr<Bytes> DeriveKey(Cipher cipher, std::span<const uint8_t> secret, uint32_t counter) {
  Bytes input(secret.begin(), secret.end());
  input.push_back(static_cast<uint8_t>(counter >> 24));
  input.push_back(static_cast<uint8_t>(counter >> 16));
  input.push_back(static_cast<uint8_t>(counter >> 8));
  input.push_back(static_cast<uint8_t>(counter));
  bool sha256 = cipher == Cipher::kAes192 || cipher == Cipher::kAes256;
  auto digest = Hash(sha256 ? HashAlgorithm::kSha256 : HashAlgorithm::kSha1, input);
  SecureClear(input);
  if (!digest.ok()) return digest.status();
  Bytes key = std::move(*digest);
  key.resize(KeySize(cipher));
  return key;
}

StatusOr<Bytes> Hash(HashAlgorithm algorithm, std::span<const uint8_t> data) {
  const EVP_MD* md = nullptr;
  switch (algorithm) {
    case HashAlgorithm::kSha1:
      md = EVP_sha1();
      break;
    case HashAlgorithm::kSha224:
      md = EVP_sha224();
      break;
    case HashAlgorithm::kSha256:
      md = EVP_sha256();
      break;
    case HashAlgorithm::kSha384:
      md = EVP_sha384();
      break;
    case HashAlgorithm::kSha512:
      md = EVP_sha512();
      break;
  }
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int out_len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &out_len, md, nullptr) != 1) {
    return OpenSslError("EVP_Digest");
  }
  out.resize(out_len);
  return out;
}

StatusOr<Bytes> RandomBytes(size_t count) {
  Bytes out(count);
  if (count > 0 && RAND_bytes(out.data(), static_cast<int>(count)) != 1) {
    return OpenSslError("RAND_bytes");
  }
  return out;
}

bool EqualConstantTime(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string ToHex(std::span<const uint8_t> data) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

Bytes FromHex(std::string_view hex) {
  Bytes out;
  int high = -1;
  for (char c : hex) {
    if (c == ' ' || c == '\n') continue;
    int v = 0;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

}  // namespace kiosk::emrtd
