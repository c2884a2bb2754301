// Selecting and reading elementary files with READ BINARY, through an ApduSession.
//
// Read sizes: with an extended-length reader, one READ BINARY asks for up to kExtendedLe
// bytes; otherwise 256 bytes in plain, 223 (0xDF) under secure messaging so that the
// protected answer fits a short response. A chip that refuses the first block's size (6700,
// 6Cxx, or some other error on the first read) is asked again with smaller sizes, and the
// smaller size is kept for the rest of the session.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "drivers/emrtd/apdu_session.h"

namespace kiosk::emrtd {

inline constexpr size_t kExtendedLe = 0xFF00;
inline constexpr size_t kShortSecureLe = 0xDF;

class FileReader {
 public:
  explicit FileReader(ApduSession& session) : session_(session) {}

  // SELECT EF by file id (P1=02 under the current DF, P2=0C: no FCI, no Le).
  // kNotFound when the chip answers 6A82 (absent file).
  Status Select(uint16_t file_id);
  // Selects then reads the whole file; its length comes from its outer TLV header.
  StatusOr<Bytes> ReadFile(uint16_t file_id);

  // SELECT by AID (04 0C). kNotFound when the application is absent.
  Status SelectApplication(std::span<const uint8_t> aid);

  int fallbacks() const { return fallbacks_; }

 private:
  size_t MaxLe() const;
  StatusOr<ResponseApdu> ReadBinary(size_t offset, size_t le);

  ApduSession& session_;
  size_t limit_ = 0;  // 0 = no quirk seen; else the largest Le the chip accepted
  int fallbacks_ = 0;
};

}  // namespace kiosk::emrtd
