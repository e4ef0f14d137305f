-- tries: an error object whose __tostring loops, so that reporting the error never ends
error(setmetatable({}, { __tostring = function() while true do end end }))
