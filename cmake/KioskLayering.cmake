# Checks at configure time that no layer links what its place in the architecture forbids.
# The linker would accept such a link; this makes it a configuration error instead.
function(kiosk_forbid_links target)
  if(NOT TARGET ${target})
    return()
  endif()
  get_target_property(links ${target} LINK_LIBRARIES)
  if(NOT links)
    return()
  endif()
  foreach(forbidden ${ARGN})
    foreach(link ${links})
      if(link MATCHES "${forbidden}")
        message(FATAL_ERROR "layering: ${target} must not link ${link}")
      endif()
    endforeach()
  endforeach()
endfunction()

set(_device_and_network "PCSC" "NFC" "CURL" "SQLite" "Cups" "HTTPLIB")
set(_drawing "SDL2" "IMGUI" "imgui" "kiosk_ui")
kiosk_forbid_links(kiosk_base ${_device_and_network} ${_drawing} "kiosk_flow" "drivers_"
                   "offline_")
kiosk_forbid_links(kiosk_flow ${_device_and_network} ${_drawing} "drivers_pcsc" "offline_")
kiosk_forbid_links(kiosk_ui ${_device_and_network} "drivers_" "offline_")
foreach(t drivers_emrtd drivers_pcsc drivers_nfc drivers_printer drivers_cardsim cardsim_vpcd offline_queue
          offline_sync offline_crypto)
  kiosk_forbid_links(${t} ${_drawing} "kiosk_flow")
endforeach()
# provisioning: technician tools; may use the network and devices, never the drawing layer.
kiosk_forbid_links(provisioning ${_drawing})
kiosk_forbid_links(provisioning_core ${_drawing})
kiosk_forbid_links(kiosk_devices ${_drawing})
# The central server: no drawing, no device library, no kiosk-side queue or sync code.
kiosk_forbid_links(central_server ${_drawing} "PCSC" "NFC" "Cups" "CURL" "drivers_" "offline_"
                   "kiosk_flow")
kiosk_forbid_links(kiosk_ui_script ${_device_and_network} ${_drawing})
