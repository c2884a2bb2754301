#include "provisioning/reader_check.h"

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#include <fmt/format.h>

namespace kiosk::provisioning {
namespace {

// Only the two calls the self-test needs; the kiosk's own PC/SC layer is drivers/pcsc.
class PcscReaderProbe : public ReaderProbe {
 public:
  StatusOr<std::vector<std::string>> ListReaders() override {
    SCARDCONTEXT context = 0;
    LONG rc = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
    if (rc != SCARD_S_SUCCESS) {
      return UnavailableError(fmt::format("pcscd not reachable ({})", pcsc_stringify_error(rc)));
    }
    DWORD size = 0;
    rc = SCardListReaders(context, nullptr, nullptr, &size);
    std::vector<std::string> readers;
    if (rc == SCARD_S_SUCCESS && size > 0) {
      std::string buffer(size, '\0');
      rc = SCardListReaders(context, nullptr, buffer.data(), &size);
      for (size_t at = 0; rc == SCARD_S_SUCCESS && at < buffer.size() && buffer[at] != '\0';) {
        std::string name(buffer.c_str() + at);
        at += name.size() + 1;
        readers.push_back(std::move(name));
      }
    }
    SCardReleaseContext(context);
    if (rc == static_cast<LONG>(SCARD_E_NO_READERS_AVAILABLE)) return readers;
    if (rc != SCARD_S_SUCCESS) {
      return UnavailableError(fmt::format("listing readers failed ({})", pcsc_stringify_error(rc)));
    }
    return readers;
  }
};

}  // namespace

std::unique_ptr<ReaderProbe> MakePcscReaderProbe() { return std::make_unique<PcscReaderProbe>(); }

ReaderCheck::ReaderCheck(std::unique_ptr<ReaderProbe> probe, std::string preferred_reader,
                         std::unique_ptr<CardReadProbe> card_probe, std::optional<std::string> can)
    : probe_(std::move(probe)),
      preferred_reader_(std::move(preferred_reader)),
      card_probe_(std::move(card_probe)),
      can_(std::move(can)) {}

std::vector<CheckResult> ReaderCheck::Run() {
  std::vector<CheckResult> results;
  auto skip_rest = [&](const char* why) {
    results.push_back(Skipped("reader", why));
    if (can_) results.push_back(Skipped("card", why));
  };
  auto readers = probe_->ListReaders();
  if (!readers.ok()) {
    results.push_back(Fail("pcscd", readers.status().message(),
                           "start the smart card service: systemctl start pcscd (and check "
                           "that the pcscd package is installed)"));
    skip_rest("needs pcscd");
    return results;
  }
  results.push_back(Pass("pcscd", "pcscd reachable"));

  std::string chosen;
  for (const auto& name : *readers) {
    if (preferred_reader_.empty() || name.find(preferred_reader_) != std::string::npos) {
      chosen = name;
      break;
    }
  }
  if (readers->empty()) {
    results.push_back(Fail("reader", "no reader connected",
                           "plug the card reader in (USB), then run the self-test again; a "
                           "reader that stays absent may need its driver (pcsc-lite ccid)"));
    if (can_) results.push_back(Skipped("card", "needs a reader"));
    return results;
  }
  if (chosen.empty()) {
    results.push_back(Fail("reader",
                           fmt::format("no reader matches '{}' ({} other reader(s) found)",
                                       preferred_reader_, readers->size()),
                           "plug the configured reader in, or change card.preferred_reader "
                           "with kioskctl configure --reader NAME"));
    if (can_) results.push_back(Skipped("card", "needs the preferred reader"));
    return results;
  }
  results.push_back(
      Pass("reader", fmt::format("'{}' ({} reader(s) found)", chosen, readers->size())));

  if (!can_) return results;
  if (!card_probe_) {
    results.push_back(Fail("card", "card reading is not available in this build",
                           "build with the eMRTD driver (drivers/emrtd)"));
    return results;
  }
  auto read = card_probe_->ReadTestCard(chosen, *can_);
  if (!read.ok()) {
    results.push_back(Fail("card", read.status().message(),
                           "put the test card flat on the reader and check its CAN (6 digits on "
                           "the front)"));
  } else {
    results.push_back(Pass("card", *read));
  }
  return results;
}

}  // namespace kiosk::provisioning
