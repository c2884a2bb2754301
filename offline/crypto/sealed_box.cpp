#include "offline/crypto/sealed_box.h"

#include <climits>
#include <cstdint>
#include <memory>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "offline/crypto/openssl_status.h"

namespace kiosk::offline {
namespace {

constexpr uint8_t kVersion = 1;
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;
constexpr size_t kOverhead = 1 + kNonceSize + kTagSize;

struct ContextFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, ContextFree>;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

StatusOr<std::string> Seal(const DataKey& key, std::string_view plaintext,
                           std::string_view associated_data) {
  if (plaintext.size() > INT_MAX - kOverhead || associated_data.size() > INT_MAX) {
    return InvalidInputError("value too large to seal");
  }
  std::string sealed(kOverhead + plaintext.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kVersion;
  unsigned char* nonce = out + 1;
  unsigned char* body = nonce + kNonceSize;
  unsigned char* tag = body + plaintext.size();
  // Random 96-bit nonces: far below the 2^32 messages per key where collisions matter.
  if (RAND_bytes(nonce, kNonceSize) != 1) return OpenSslError("cannot draw a nonce");

  CipherContext context(EVP_CIPHER_CTX_new());
  if (!context) return OpenSslError("cannot allocate a cipher context");
  int length = 0;
  if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key.bytes().data(), nonce) !=
          1 ||
      EVP_EncryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_EncryptUpdate(context.get(), body, &length, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), body + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, tag) != 1) {
    return OpenSslError("AES-256-GCM encryption failed");
  }
  return sealed;
}

StatusOr<std::string> Open(const DataKey& key, std::string_view sealed,
                           std::string_view associated_data) {
  if (sealed.size() < kOverhead) return DataLossError("sealed value too short");
  if (static_cast<uint8_t>(sealed[0]) != kVersion) {
    return DataLossError("sealed value has an unknown format version");
  }
  if (sealed.size() > INT_MAX || associated_data.size() > INT_MAX) {
    return InvalidInputError("sealed value too large");
  }
  const unsigned char* nonce = Bytes(sealed) + 1;
  const unsigned char* body = nonce + kNonceSize;
  const size_t body_size = sealed.size() - kOverhead;
  const unsigned char* tag = body + body_size;
  std::string plaintext(body_size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plaintext.data());

  CipherContext context(EVP_CIPHER_CTX_new());
  if (!context) return OpenSslError("cannot allocate a cipher context");
  int length = 0;
  if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key.bytes().data(), nonce) !=
          1 ||
      EVP_DecryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_DecryptUpdate(context.get(), out, &length, body, static_cast<int>(body_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagSize,
                          const_cast<unsigned char*>(tag)) != 1) {
    return OpenSslError("AES-256-GCM decryption failed");
  }
  // GCM's final step checks the tag; its failure leaves no OpenSSL error entry, so say it.
  if (EVP_DecryptFinal_ex(context.get(), out + length, &length) != 1) {
    ERR_clear_error();
    return DataLossError("sealed value failed authentication (altered, or another key or id)");
  }
  return plaintext;
}

}  // namespace kiosk::offline
