// Symmetric primitives of ICAO 9303 part 11 (BAC, PACE, secure messaging) on OpenSSL 3:
// 3DES and AES in CBC, ISO 9797-1 padding, the retail MAC and AES-CMAC, the key derivation
// function KDF(K, c), hashes, randomness, and clearing of sensitive buffers.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/status.h"
#include "drivers/card/card_channel.h"

namespace kiosk::emrtd {

using card::Bytes;

// The secure messaging cipher negotiated by BAC (always 3DES) or PACE.
enum class Cipher { k3Des, kAes128, kAes192, kAes256 };

std::string_view CipherName(Cipher cipher);
size_t BlockSize(Cipher cipher);  // 8 for 3DES, 16 for AES
size_t KeySize(Cipher cipher);    // 16, 16, 24, 32

// Overwrites the bytes with zeros in a way the optimiser keeps, then empties the vector.
void SecureClear(Bytes& bytes);
void SecureClear(std::string& text);

// ISO 9797-1 padding method 2: 0x80 then zeros up to a multiple of `block`.
Bytes Pad(std::span<const uint8_t> data, size_t block);
StatusOr<Bytes> Unpad(std::span<const uint8_t> data);

// CBC without padding (the input must already be a multiple of the block size).
StatusOr<Bytes> EncryptCbc(Cipher cipher, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                           std::span<const uint8_t> data);
StatusOr<Bytes> DecryptCbc(Cipher cipher, std::span<const uint8_t> key, std::span<const uint8_t> iv,
                           std::span<const uint8_t> data);

// The 8-byte MAC of secure messaging and of BAC/PACE authentication: ISO 9797-1 MAC
// algorithm 3 with DES for 3DES keys, AES-CMAC truncated to 8 bytes for AES keys. `data` is
// MACed as given: callers pad it first, as 9303 requires for both.
StatusOr<Bytes> Mac(Cipher cipher, std::span<const uint8_t> key, std::span<const uint8_t> data);

// KDF(K, c) of 9303 part 11 section 9.7.1: SHA-1 for 3DES and AES-128, SHA-256 for AES-192
// and AES-256, truncated to the key size. c = 1 encryption, 2 MAC, 3 PACE password key.
StatusOr<Bytes> DeriveKey(Cipher cipher, std::span<const uint8_t> secret, uint32_t counter);

enum class HashAlgorithm { kSha1, kSha224, kSha256, kSha384, kSha512 };
StatusOr<Bytes> Hash(HashAlgorithm algorithm, std::span<const uint8_t> data);

StatusOr<Bytes> RandomBytes(size_t count);

// Constant-time comparison of two byte strings of equal length (false if lengths differ).
bool EqualConstantTime(std::span<const uint8_t> a, std::span<const uint8_t> b);

// Hex helpers for tests and diagnostics (never for logs of personal data).
std::string ToHex(std::span<const uint8_t> data);
Bytes FromHex(std::string_view hex);  // ignores spaces; invalid characters count as 0

}  // namespace kiosk::emrtd
