#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "base/log.h"
#include "central/central_server.h"
#include "central/commands.h"

namespace kiosk::central {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8443";
  std::string data_dir;
  size_t max_body_bytes = 512 * 1024;
  size_t threads = 16;
  bool no_access_log = false;
};

int Serve(const ServeArgs& args) {
  ServerOptions options;
  size_t colon = args.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen must be HOST:PORT\n";
    return 2;
  }
  options.host = args.listen.substr(0, colon);
  try {
    options.port = std::stoi(args.listen.substr(colon + 1));
  } catch (const std::exception&) {
    std::cerr << "--listen must be HOST:PORT\n";
    return 2;
  }
  options.data_dir = args.data_dir;
  options.max_body_bytes = args.max_body_bytes;
  options.threads = args.threads;
  options.access_log = !args.no_access_log;

  // SIGTERM and SIGINT are blocked in every thread (the server's workers inherit the mask)
  // and taken by one watcher thread with sigwait, which asks the server to stop: no work in
  // a signal handler, and the in-flight requests finish.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A kiosk that drops its connection mid-answer must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  auto server = CentralServer::Create(options);
  if (!server.ok()) {
    Log(Subsystem::kCentral).error("cannot start: {}", server.status().ToString());
    return 1;
  }
  Status bound = (*server)->Bind();
  if (!bound.ok()) {
    Log(Subsystem::kCentral).error("cannot start: {}", bound.ToString());
    return 1;
  }

  CentralServer* running = server->get();
  std::atomic<bool> finished{false};
  std::thread watcher([running, signals, &finished] {
    int received = 0;
    sigwait(&signals, &received);
    if (finished) return;  // woken by main below: the server already stopped
    Log(Subsystem::kCentral).info("signal {}: stopping after in-flight requests", received);
    running->Stop();
  });

  Status result = (*server)->Run();
  finished = true;
  pthread_kill(watcher.native_handle(), SIGTERM);  // no-op when the watcher already left
  watcher.join();
  server->reset();  // joins the request threads, then drains the store's writer
  if (!result.ok()) {
    Log(Subsystem::kCentral).error("{}", result.ToString());
    return 1;
  }
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, CommandRun& run) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand("serve", "serve the HTTPS API");
  serve->add_option("--listen", args->listen, "HOST:PORT to listen on (loopback by default)")
      ->capture_default_str();
  serve->add_option("--data", args->data_dir, "data folder made by `admin init`")->required();
  serve->add_option("--max-body-bytes", args->max_body_bytes, "request body size limit")
      ->capture_default_str();
  serve->add_option("--threads", args->threads, "request threads (one per busy connection)")
      ->capture_default_str();
  serve->add_flag("--no-access-log", args->no_access_log, "do not log each request");
  serve->callback([args, &run] { run = [args] { return Serve(*args); }; });
}

}  // namespace kiosk::central
