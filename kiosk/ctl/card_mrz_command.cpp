// kioskctl card mrz LINE1 LINE2 [LINE3]: parses and validates a machine readable zone typed
// by staff or given by an MRZ scanner. Exit 0 when every check digit holds, 1 when one fails,
// 2 when the lines are not an MRZ. The MRZ is the caller's own input: it is printed on stdout
// as asked, never logged.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "drivers/emrtd/mrz.h"
#include "kiosk/ctl/cli.h"

namespace kiosk::ctl {
namespace {

nlohmann::json DateOrNull(const std::optional<emrtd::MrzDate>& date) {
  return date ? nlohmann::json(date->ToIso()) : nlohmann::json(nullptr);
}

CommandOutput RunMrz(const std::vector<std::string>& lines) {
  auto parsed = emrtd::ParseMrz(lines, emrtd::TodayUtc());
  if (!parsed.ok()) return ErrorOutput(parsed.status());
  const emrtd::MrzData& mrz = *parsed;

  CommandOutput out;
  nlohmann::json checks = nlohmann::json::object();
  std::string failed;
  for (const auto& [name, ok] : mrz.checks) {
    checks[name] = ok;
    if (!ok) failed += (failed.empty() ? "" : ", ") + name;
  }
  out.exit_code = mrz.valid() ? kExitOk : kExitCheckFailed;
  out.json = {{"ok", true},
              {"valid", mrz.valid()},
              {"format", std::string(emrtd::MrzFormatName(mrz.format))},
              {"document_code", mrz.document_code},
              {"document_number", mrz.document_number},
              {"issuing_state", mrz.issuing_state},
              {"surname", mrz.surname},
              {"given_names", mrz.given_names},
              {"nationality", mrz.nationality},
              {"birth_date", DateOrNull(mrz.birth_date)},
              {"expiry_date", DateOrNull(mrz.expiry_date)},
              {"expired", mrz.expired(emrtd::TodayUtc())},
              {"sex", mrz.sex},
              {"checks", checks}};
  out.human = fmt::format(
      "format:          {}\ndocument number: {}\nissuing state:   {}\nsurname:         {}\n"
      "given names:     {}\nnationality:     {}\nbirth date:      {}\nexpiry date:     {}\n"
      "sex:             {}\n{}\n",
      emrtd::MrzFormatName(mrz.format), mrz.document_number, mrz.issuing_state, mrz.surname,
      mrz.given_names, mrz.nationality, mrz.birth_date ? mrz.birth_date->ToIso() : "-",
      mrz.expiry_date ? mrz.expiry_date->ToIso() : "- (none in this format)", mrz.sex,
      mrz.valid() ? "all check digits hold" : "check digit wrong: " + failed);
  return out;
}

}  // namespace

void RegisterCardMrzCommands(Cli& cli) {
  // `card` may already hold the reader subcommands (readers, watch, read).
  CLI::App* card = nullptr;
  auto existing = cli.app->get_subcommands([](CLI::App* sub) { return sub->get_name() == "card"; });
  if (!existing.empty()) card = existing.front();
  if (card == nullptr) {
    card = cli.app->add_subcommand("card", "identity cards: readers, MRZ, chip reading");
    card->require_subcommand(1);
  }
  auto* mrz = card->add_subcommand("mrz", "parse and validate an MRZ (TD1, TD2, TD3, FR1995)");
  auto lines = std::make_shared<std::vector<std::string>>();
  mrz->add_option("lines", *lines, "the 2 or 3 lines of the MRZ")->required()->expected(2, 3);
  mrz->callback([&cli, lines] { cli.run = [lines] { return RunMrz(*lines); }; });
}

}  // namespace kiosk::ctl
