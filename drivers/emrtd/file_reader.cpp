#include "drivers/emrtd/file_reader.h"

#include <algorithm>

#include "base/log.h"
#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {
namespace {

Status SelectStatus(uint16_t sw, const char* what) {
  if (sw == 0x9000) return OkStatus();
  if (sw == 0x6A82 || sw == 0x6A83) return NotFoundError(std::string(what) + " not found");
  if (sw == 0x6982) return PermissionDeniedError(std::string(what) + ": access not allowed");
  return InvalidInputError(std::string(what) + ": SELECT refused");
}

}  // namespace

size_t FileReader::MaxLe() const {
  size_t le = session_.extended_length() ? kExtendedLe : session_.secure() ? kShortSecureLe : 256;
  return limit_ == 0 ? le : std::min(le, limit_);
}

Status FileReader::Select(uint16_t file_id) {
  CommandApdu select{.cla = 0x00, .ins = 0xA4, .p1 = 0x02, .p2 = 0x0C};
  select.data = {static_cast<uint8_t>(file_id >> 8), static_cast<uint8_t>(file_id)};
  KIOSK_ASSIGN_OR_RETURN(ResponseApdu response, session_.Transmit(select));
  return SelectStatus(response.sw, "file");
}

Status FileReader::SelectApplication(std::span<const uint8_t> aid) {
  CommandApdu select{.cla = 0x00, .ins = 0xA4, .p1 = 0x04, .p2 = 0x0C};
  select.data.assign(aid.begin(), aid.end());
  KIOSK_ASSIGN_OR_RETURN(ResponseApdu response, session_.Transmit(select));
  return SelectStatus(response.sw, "application");
}

StatusOr<ResponseApdu> FileReader::ReadBinary(size_t offset, size_t le) {
  if (offset > 0x7FFF) {
    // TODO(#3): READ BINARY with odd INS (B1) for files beyond 32 KiB (large DG2 images).
    return UnsupportedError("file larger than 32 KiB: odd-INS READ BINARY not implemented");
  }
  CommandApdu read{.cla = 0x00, .ins = 0xB0};
  read.p1 = static_cast<uint8_t>(offset >> 8);
  read.p2 = static_cast<uint8_t>(offset);
  read.ne = le;
  return session_.Transmit(read);
}

StatusOr<Bytes> FileReader::ReadFile(uint16_t file_id) {
  KIOSK_RETURN_IF_ERROR(Select(file_id));

  // First block: learn the size from the TLV header, falling back to smaller reads when the
  // chip refuses the size we asked for.
  size_t le = MaxLe();
  ResponseApdu first;
  while (true) {
    KIOSK_ASSIGN_OR_RETURN(first, ReadBinary(0, le));
    if (first.sw == 0x9000 || first.sw == 0x6282) break;
    size_t next = 0;
    if ((first.sw & 0xFF00) == 0x6C00 && (first.sw & 0xFF) != 0) {
      next = first.sw & 0xFF;  // the chip says how much it has
    } else if (le > kShortSecureLe) {
      next = kShortSecureLe;
    } else if (le > 0x20) {
      next = le / 2;
    }
    if (next == 0 || next >= le) {
      return InvalidInputError("READ BINARY refused by the chip");
    }
    // Quirk: some chips refuse 256-byte (or extended) reads with 6700 although the reader
    // accepted them; use the smaller size for every later read of this session.
    Log(Subsystem::kCard)
        .info("READ BINARY of {} bytes refused (SW {:04X}), retrying with {}", le, first.sw, next);
    ++fallbacks_;
    limit_ = next;
    le = next;
  }
  if (first.data.empty()) return InvalidInputError("READ BINARY returned no data");

  auto header = ParseTlvHeader(first.data);
  if (!header.ok()) return header.status().WithContext("file header");
  size_t total = header->header_size + header->length;

  Bytes content = std::move(first.data);
  while (content.size() < total) {
    size_t want = std::min(MaxLe(), total - content.size());
    KIOSK_ASSIGN_OR_RETURN(ResponseApdu block, ReadBinary(content.size(), want));
    if ((block.sw != 0x9000 && block.sw != 0x6282) || block.data.empty()) {
      return InvalidInputError("file ended before the length its header announces");
    }
    content.insert(content.end(), block.data.begin(), block.data.end());
  }
  content.resize(total);
  return content;
}

}  // namespace kiosk::emrtd
