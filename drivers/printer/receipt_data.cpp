#include "drivers/printer/receipt_data.h"

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "drivers/printer/local_reference.h"

namespace kiosk::printer {
namespace {

constexpr int kFormat = 1;

// Length of the UTF-8 sequence starting with `lead` (1 for anything invalid, so that a bad
// byte never swallows its neighbours).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

std::string_view FirstWord(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text.substr(0, text.find(' '));
}

StatusOr<std::string> RequiredString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    return InvalidInputError(fmt::format("receipt: \"{}\" must be a string", key));
  }
  return it->get<std::string>();
}

StatusOr<std::string> OptionalString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return InvalidInputError(fmt::format("receipt: \"{}\" must be a string", key));
  }
  return it->get<std::string>();
}

StatusOr<ReceiptData> FromJson(const nlohmann::json& j) {
  if (!j.is_object()) return InvalidInputError("receipt: not a JSON object");
  auto format = j.find("format");
  if (format == j.end() || !format->is_number_integer() || format->get<int64_t>() != kFormat) {
    return InvalidInputError("receipt: \"format\" must be 1");
  }

  ReceiptData data;
  KIOSK_ASSIGN_OR_RETURN(data.language, OptionalString(j, "language"));
  if (data.language.empty()) data.language = "fr";
  KIOSK_ASSIGN_OR_RETURN(data.commune, RequiredString(j, "commune"));
  KIOSK_ASSIGN_OR_RETURN(data.site, OptionalString(j, "site"));
  KIOSK_ASSIGN_OR_RETURN(data.procedure_title, RequiredString(j, "procedure_title"));
  KIOSK_ASSIGN_OR_RETURN(data.submission_id, RequiredString(j, "submission_id"));
  KIOSK_ASSIGN_OR_RETURN(std::string created_at, RequiredString(j, "created_at"));
  KIOSK_ASSIGN_OR_RETURN(data.created_at, ParseUtc(created_at));
  KIOSK_ASSIGN_OR_RETURN(std::string status, RequiredString(j, "status"));
  if (status == "sent") {
    data.state = SubmissionState::kSent;
  } else if (status == "waiting") {
    data.state = SubmissionState::kWaiting;
  } else {
    return InvalidInputError("receipt: \"status\" must be \"sent\" or \"waiting\"");
  }
  KIOSK_ASSIGN_OR_RETURN(std::string central, OptionalString(j, "central_reference"));
  if (!central.empty()) data.central_reference = central;
  KIOSK_ASSIGN_OR_RETURN(data.next_steps, OptionalString(j, "next_steps"));

  auto fields = j.find("personal_data");
  if (fields != j.end() && !fields->is_null()) {
    if (!fields->is_array()) return InvalidInputError("receipt: \"personal_data\" is not a list");
    for (const auto& f : *fields) {
      if (!f.is_object())
        return InvalidInputError("receipt: a personal_data entry is not an object");
      PrintableField field;
      KIOSK_ASSIGN_OR_RETURN(field.label, RequiredString(f, "label"));
      KIOSK_ASSIGN_OR_RETURN(field.value, RequiredString(f, "value"));
      data.personal_data.push_back(std::move(field));
    }
  }
  KIOSK_RETURN_IF_ERROR(ValidateReceiptData(data));
  return data;
}

}  // namespace

std::string ShortHolderName(std::string_view given_names, std::string_view surname) {
  std::string_view first = FirstWord(given_names);
  std::string out;
  if (!first.empty()) {
    size_t n = std::min(Utf8Length(static_cast<unsigned char>(first.front())), first.size());
    out.append(first.substr(0, n));
    out.append(". ");
  }
  out.append(surname);
  return out;
}

Status ValidateReceiptData(const ReceiptData& data) {
  if (data.commune.empty()) return InvalidInputError("receipt: commune is empty");
  if (data.procedure_title.empty()) return InvalidInputError("receipt: procedure_title is empty");
  auto reference = LocalReferenceFromUuid(data.submission_id);
  if (!reference.ok()) return reference.status().WithContext("receipt: submission_id");
  return OkStatus();
}

std::string FormatUtc(std::chrono::system_clock::time_point time) {
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

StatusOr<std::chrono::system_clock::time_point> ParseUtc(std::string_view text) {
  // Exactly YYYY-MM-DDTHH:MM:SSZ, as the frozen submission writes it.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return InvalidInputError("time is not YYYY-MM-DDTHH:MM:SSZ");
  }
  auto number = [&](size_t pos, size_t len, int* out) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  std::tm tm{};
  int year, month, day, hour, minute, second;
  if (!number(0, 4, &year) || !number(5, 2, &month) || !number(8, 2, &day) ||
      !number(11, 2, &hour) || !number(14, 2, &minute) || !number(17, 2, &second) || month < 1 ||
      month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return InvalidInputError("time is not YYYY-MM-DDTHH:MM:SSZ");
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string ReceiptToJson(const ReceiptData& data) {
  nlohmann::json j = {
      {"format", kFormat},
      {"language", data.language},
      {"commune", data.commune},
      {"site", data.site},
      {"procedure_title", data.procedure_title},
      {"submission_id", data.submission_id},
      {"created_at", FormatUtc(data.created_at)},
      {"status", data.state == SubmissionState::kSent ? "sent" : "waiting"},
      {"central_reference",
       data.central_reference ? nlohmann::json(*data.central_reference) : nlohmann::json(nullptr)},
      {"next_steps", data.next_steps},
      {"personal_data", nlohmann::json::array()},
  };
  for (const auto& f : data.personal_data) {
    j["personal_data"].push_back({{"label", f.label}, {"value", f.value}});
  }
  // Invalid UTF-8 is replaced rather than thrown on: a receipt must always serialise.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<ReceiptData> ParseReceiptJson(std::string_view text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return InvalidInputError(fmt::format("receipt: malformed JSON ({})", e.what()));
  }
  return FromJson(j);
}

}  // namespace kiosk::printer
