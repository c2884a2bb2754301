#include "drivers/emrtd/data_groups.h"

#include "drivers/emrtd/tlv.h"

namespace kiosk::emrtd {
namespace {

constexpr uint8_t kDataGroupTags[] = {0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68,
                                      0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70};

StatusOr<Tlv> Outer(std::span<const uint8_t> file, uint32_t tag, const char* name) {
  KIOSK_ASSIGN_OR_RETURN(Tlv outer, ParseTlv(file));
  if (outer.tag != tag) return InvalidInputError(std::string(name) + ": unexpected outer tag");
  return outer;
}

std::string Text(std::span<const uint8_t> value) { return std::string(value.begin(), value.end()); }

std::string FillersToSpaces(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<MrzDate> FullDate(std::span<const uint8_t> value) {
  // YYYYMMDD as ASCII digits (some issuers use BCD: 4 bytes).
  std::string digits;
  if (value.size() == 4) {
    for (uint8_t b : value) {
      digits.push_back(static_cast<char>('0' + (b >> 4)));
      digits.push_back(static_cast<char>('0' + (b & 0x0F)));
    }
  } else {
    digits = Text(value);
  }
  if (digits.size() != 8) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  MrzDate date{std::stoi(digits.substr(0, 4)), std::stoi(digits.substr(4, 2)),
               std::stoi(digits.substr(6, 2))};
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return std::nullopt;
  return date;
}

uint32_t ReadBigEndian(std::span<const uint8_t> data, size_t offset, size_t count) {
  uint32_t v = 0;
  for (size_t i = 0; i < count; ++i) v = v << 8 | data[offset + i];
  return v;
}

}  // namespace

uint16_t DataGroupFileId(int number) { return static_cast<uint16_t>(0x0100 | number); }

uint8_t DataGroupTag(int number) { return kDataGroupTags[(number - 1) & 0x0F]; }

StatusOr<std::vector<int>> ParseCom(std::span<const uint8_t> file) {
  KIOSK_ASSIGN_OR_RETURN(Tlv com, Outer(file, 0x60, "EF.COM"));
  auto list = FindTlv(com.value, 0x5C);
  if (!list.ok()) return InvalidInputError("EF.COM: no tag list");
  std::vector<int> groups;
  for (uint8_t tag : list->value) {
    for (int n = 1; n <= 16; ++n) {
      if (kDataGroupTags[n - 1] == tag) groups.push_back(n);
    }
  }
  return groups;
}

StatusOr<MrzData> ParseDg1(std::span<const uint8_t> file, const MrzDate& today) {
  KIOSK_ASSIGN_OR_RETURN(Tlv dg1, Outer(file, 0x61, "DG1"));
  auto mrz = FindTlv(dg1.value, 0x5F1F);
  if (!mrz.ok()) return InvalidInputError("DG1: no MRZ object");
  std::string text = Text(mrz->value);
  std::vector<std::string> lines;
  size_t width = text.size() == 90 ? 30 : text.size() == 72 ? 36 : text.size() == 88 ? 44 : 0;
  if (width == 0) return InvalidInputError("DG1: MRZ of unexpected length");
  for (size_t pos = 0; pos < text.size(); pos += width) lines.push_back(text.substr(pos, width));
  return ParseMrz(lines, today);
}

StatusOr<AdditionalPersonalDetails> ParseDg11(std::span<const uint8_t> file) {
  KIOSK_ASSIGN_OR_RETURN(Tlv dg11, Outer(file, 0x6B, "DG11"));
  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> fields, ParseTlvList(dg11.value));
  AdditionalPersonalDetails details;
  for (const Tlv& field : fields) {
    switch (field.tag) {
      case 0x5F0E:
        details.full_name = FillersToSpaces(Text(field.value));
        break;
      case 0x5F10:
        details.personal_number = Text(field.value);
        break;
      case 0x5F2B:
        details.full_birth_date = FullDate(field.value);
        break;
      case 0x5F11: {
        // Parts of the place are separated by '<' ("PARIS<FRANCE").
        std::string place;
        for (char c : Text(field.value)) {
          if (c == '<') {
            place += ", ";
          } else {
            place.push_back(c);
          }
        }
        details.place_of_birth = place;
        break;
      }
      case 0x5F42:
        details.address = FillersToSpaces(Text(field.value));
        break;
      case 0x5F12:
        details.telephone = Text(field.value);
        break;
      case 0x5F13:
        details.profession = Text(field.value);
        break;
      default:
        break;  // tag list 5C and fields the kiosk does not use
    }
  }
  return details;
}

StatusOr<AdditionalDocumentDetails> ParseDg12(std::span<const uint8_t> file) {
  KIOSK_ASSIGN_OR_RETURN(Tlv dg12, Outer(file, 0x6C, "DG12"));
  KIOSK_ASSIGN_OR_RETURN(std::vector<Tlv> fields, ParseTlvList(dg12.value));
  AdditionalDocumentDetails details;
  for (const Tlv& field : fields) {
    if (field.tag == 0x5F19) details.issuing_authority = Text(field.value);
    if (field.tag == 0x5F26) details.date_of_issue = FullDate(field.value);
  }
  return details;
}

StatusOr<FaceImage> ParseDg2(std::span<const uint8_t> file) {
  KIOSK_ASSIGN_OR_RETURN(Tlv dg2, Outer(file, 0x75, "DG2"));
  auto group = FindTlv(dg2.value, 0x7F61);
  if (!group.ok()) return InvalidInputError("DG2: no biometric group template");
  auto info = FindTlv(group->value, 0x7F60);
  if (!info.ok()) return InvalidInputError("DG2: no biometric information template");
  auto block = FindTlv(info->value, 0x5F2E);
  if (!block.ok()) block = FindTlv(info->value, 0x7F2E);
  if (!block.ok()) return InvalidInputError("DG2: no biometric data block");

  // ISO/IEC 19794-5: a 14-byte record header ("FAC\0", version, length, face count), then
  // per face a 20-byte information block, 8 bytes per feature point, a 12-byte image
  // information block and the image.
  std::span<const uint8_t> record = block->value;
  if (record.size() < 14 + 20 + 12 || record[0] != 'F' || record[1] != 'A' || record[2] != 'C') {
    return InvalidInputError("DG2: not an ISO 19794-5 facial record");
  }
  size_t face = 14;
  uint32_t face_length = ReadBigEndian(record, face, 4);
  uint32_t feature_points = ReadBigEndian(record, face + 4, 2);
  size_t image_info = face + 20 + static_cast<size_t>(feature_points) * 8;
  if (face_length > record.size() - face || image_info + 12 > face + face_length) {
    return InvalidInputError("DG2: facial record lengths do not add up");
  }
  FaceImage image;
  uint8_t data_type = record[image_info + 1];
  image.mime_type = data_type == 0 ? "image/jpeg" : "image/jp2";
  image.width = static_cast<int>(ReadBigEndian(record, image_info + 2, 2));
  image.height = static_cast<int>(ReadBigEndian(record, image_info + 4, 2));
  size_t image_start = image_info + 12;
  image.data.assign(record.begin() + static_cast<std::ptrdiff_t>(image_start),
                    record.begin() + static_cast<std::ptrdiff_t>(face + face_length));
  if (image.data.empty()) return InvalidInputError("DG2: empty face image");
  return image;
}

}  // namespace kiosk::emrtd
