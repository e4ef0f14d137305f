-- tries: a report build that errors with an object whose __tostring loops, and whose __name forges a type name
kith.reports.define{ id = "evil-tostring", title = "t", build = function()
  error(setmetatable({}, { __tostring = function() while true do end end, __name = "Swift.DecodingError" }))
end }
