// Redaction helpers: the only way personal data may be mentioned in a log line.
//
// Names, MRZ lines, CANs, PINs, document numbers, tokens and APDU payloads never reach a log
// in clear. Code that wants to say something about such a value logs what one of these
// functions returns. As a safety net, every log line also goes through ScrubPersonalData()
// (see base/log.h), which masks anything shaped like an MRZ, a CAN, a document number or a
// long hexadecimal payload that slipped through.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::redact {

// "[document number, 9 chars]": the length helps debugging, the content is gone.
std::string DocumentNumber(std::string_view value);
// "[MRZ line, 44 chars]".
std::string MrzLine(std::string_view value);
// "[CAN]" whatever its length, so that a short and a long CAN look alike.
std::string Can(std::string_view value);
// "[PIN]".
std::string Pin(std::string_view value);
// "[name]".
std::string Name(std::string_view value);
// "[token]".
std::string Token(std::string_view value);

// The header of a command APDU and the size of its data, never the data:
// "00 A4 04 0C Lc=7 Le=none".
std::string CommandApdu(std::span<const uint8_t> apdu);
// The status word and the size of the data of a response APDU: "SW=9000 data=230".
std::string ResponseApdu(std::span<const uint8_t> response);

// Masks every part of `text` that looks like personal data: runs of the MRZ alphabet with
// fillers, runs of six or more digits (CAN, dates, numbers), uppercase letter-and-digit words
// of 8 to 14 characters (document numbers) and hexadecimal runs of 16 or more characters
// (payloads, keys). Each masked run becomes "[redacted]".
std::string ScrubPersonalData(std::string_view text);

}  // namespace kiosk::redact
