-- tries: escaping the plugin time limit in an xpcall message handler, so that every kith command hangs
xpcall(function() while true do end end, function() while true do end end)
