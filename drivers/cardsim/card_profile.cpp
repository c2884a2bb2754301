#include "drivers/cardsim/card_profile.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <toml++/toml.h>

namespace kiosk::cardsim {
namespace {

StatusOr<emrtd::Cipher> CipherFromName(std::string_view name) {
  if (name == "3DES") return emrtd::Cipher::k3Des;
  if (name == "AES-128") return emrtd::Cipher::kAes128;
  if (name == "AES-192") return emrtd::Cipher::kAes192;
  if (name == "AES-256") return emrtd::Cipher::kAes256;
  return InvalidInputError("unknown pace_cipher (3DES, AES-128, AES-192, AES-256)");
}

}  // namespace

StatusOr<CardProfile> CardProfile::Parse(std::string_view text, const std::string& source_name,
                                         const std::string& base_dir) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return InvalidInputError(source_name + ": " + std::string(e.description()));
  }

  CardProfile p;
  p.name = root["name"].value_or(std::string());
  p.emrtd_application = root["emrtd_application"].value_or(true);
  p.bac = root["bac"].value_or(false);
  p.pace = root["pace"].value_or(false);
  p.can = root["can"].value_or(std::string());
  p.pace_parameter_id = root["pace_parameter_id"].value_or(13);
  auto cipher = CipherFromName(root["pace_cipher"].value_or(std::string("AES-256")));
  if (!cipher.ok()) return cipher.status().WithContext(source_name);
  p.pace_cipher = *cipher;
  p.refuse_256_byte_reads = root["refuse_256_byte_reads"].value_or(false);
  if (const toml::array* lines = root["mrz"].as_array()) {
    for (const toml::node& line : *lines) p.mrz.push_back(line.value_or(std::string()));
  }
  p.full_name = root["dg11"]["full_name"].value_or(std::string());
  p.place_of_birth = root["dg11"]["place_of_birth"].value_or(std::string());
  p.address = root["dg11"]["address"].value_or(std::string());
  p.full_birth_date = root["dg11"]["full_birth_date"].value_or(std::string());
  p.issuing_authority = root["dg12"]["issuing_authority"].value_or(std::string());
  p.date_of_issue = root["dg12"]["date_of_issue"].value_or(std::string());
  std::string face = root["dg2"]["jpeg"].value_or(std::string());
  if (!face.empty()) p.face_jpeg = (std::filesystem::path(base_dir) / face).string();
  p.dg2_size = static_cast<size_t>(root["dg2"]["size"].value_or(int64_t{0}));

  if (p.name.empty()) return InvalidInputError(source_name + ": name is required");
  if (p.emrtd_application && p.mrz.size() != 2 && p.mrz.size() != 3) {
    return InvalidInputError(source_name + ": mrz must have 2 or 3 lines");
  }
  if (p.pace && p.can.size() != 6) return InvalidInputError(source_name + ": can needs 6 digits");
  if (p.dg2_size > 60000) return InvalidInputError(source_name + ": dg2.size above 60000");
  return p;
}

StatusOr<CardProfile> CardProfile::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("card profile not found: " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Parse(text, path, std::filesystem::path(path).parent_path().string());
}

}  // namespace kiosk::cardsim
