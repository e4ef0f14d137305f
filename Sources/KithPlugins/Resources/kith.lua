---@meta kith
-- Type stubs of the Kith Lua API v1 for lua-language-server. A test checks that every
-- function declared here is registered by the bridge and every registered function is here.

---@class kith.Person
---@field id integer
---@field name string
---@field type string support type id: family, friend, peer, professional, community, online, or a plugin's
---@field kind "person"|"group"|"service"
---@field provides ("emotional"|"informational"|"practical")[]
---@field circle "inner"|"middle"|"outer"
---@field cadence_days integer|nil days between contacts before a stay-in-touch reminder; nil for none
---@field phone string|nil
---@field email string|nil
---@field notes string|nil
---@field crisis boolean
---@field archived boolean
---@field created_at string instant
---@field last_interaction_at string|nil instant

---@class kith.Interaction
---@field id integer
---@field person_id integer
---@field at string instant
---@field channel "in_person"|"call"|"text"|"video"|"group_meeting"|"online"
---@field received string[]
---@field gave string[]
---@field helpfulness integer|nil 1..5
---@field note string|nil

---@class kith.Entry
---@field id integer
---@field at string instant
---@field mood integer|nil 1..5
---@field text string
---@field tags string[]
---@field metrics table<string, number|integer|boolean|string>
---@field people integer[]

---@class kith.SupportType
---@field id string
---@field name string
---@field description string
---@field dimensions string[]
---@field default_cadence_days integer|nil
---@field builtin boolean
---@field plugin string|nil

---@class kith.Metric
---@field id string
---@field name string
---@field kind "number"|"integer"|"boolean"|"text"
---@field min number|nil
---@field max number|nil
---@field builtin boolean
---@field plugin string|nil

---@alias kith.PersonRef integer|string an id or an exact name

---@class kith
---@field api_version integer 1
---@field version string
---@field store_path string
---@field plugin {id: string, version: string, dir: string}|nil nil in a script
kith = {}

---@alias kith.EventName "journal.added"|"interaction.logged"|"person.added"|"assessment.recorded"

--- Runs `handler` after every committed write of that kind (plugins only). A failing handler
--- is reported and never loses the write; writes a handler makes raise no further events.
--- The plugin must hold the read permission of the event's data (journal.added: journal.read,
--- interaction.logged: interactions.read, person.added: people.read, assessment.recorded:
--- assessments.read); registering without it is a load error.
---@param event kith.EventName
---@param handler fun(record: table)
function kith.on(event, handler) end

---@return string instant now (the real clock, or --now / $KITH_NOW)
function kith.now() end
---@return string date today, YYYY-MM-DD
function kith.today() end

kith.date = {}
---@param date string YYYY-MM-DD
---@param days integer
---@return string
function kith.date.add(date, days) end
---@return integer whole days from b to a
function kith.date.diff(a, b) end
--- The date of a stored instant in the person's time zone (use it for any date a person reads).
---@param instant string
---@return string
function kith.date.of(instant) end
---@return integer 1..7, Monday = 1
function kith.date.weekday(date) end
---@param date string
---@param first_weekday? integer 1 (Monday, the default) .. 7 (Sunday)
---@return string the first day of the week that holds date
function kith.date.week_start(date, first_weekday) end

kith.log = {}
function kith.log.info(msg) end
function kith.log.warn(msg) end

kith.json = {}
---@return string JSON with sorted keys
function kith.json.encode(value) end
---@param text string
function kith.json.decode(text) end

kith.support_types = {}
---@param def {id: string, name: string, description?: string, dimensions?: string[], default_cadence_days?: integer}
function kith.support_types.define(def) end
---@return kith.SupportType[]
function kith.support_types.list() end

kith.people = {}
---@param p {name: string, type: string, kind?: string, provides?: string[], circle?: string, cadence_days?: integer|false, phone?: string, email?: string, notes?: string, crisis?: boolean}
---@return kith.Person
function kith.people.add(p) end
---@param person kith.PersonRef
---@return kith.Person|nil
function kith.people.get(person) end
---@param filter? {type?: string, circle?: string, provides?: string, archived?: boolean}
---@return kith.Person[] sorted by name
function kith.people.list(filter) end
---@param person kith.PersonRef
---@param changes table fields to replace; false clears phone, email, notes, cadence_days
---@return kith.Person
function kith.people.update(person, changes) end
---@param person kith.PersonRef
function kith.people.archive(person) end

kith.interactions = {}
---@param i {person: kith.PersonRef, at?: string, channel?: string, received?: string[], gave?: string[], helpfulness?: integer, note?: string}
---@return kith.Interaction
function kith.interactions.log(i) end
---@param filter? {person?: kith.PersonRef, since?: string, until?: string, limit?: integer}
---@return kith.Interaction[] newest first
function kith.interactions.list(filter) end

kith.metrics = {}
---@param def {id: string, name: string, kind?: "number"|"integer"|"boolean"|"text", min?: number, max?: number}
function kith.metrics.define(def) end
---@return kith.Metric[]
function kith.metrics.list() end

kith.journal = {}
---@param e {at?: string, mood?: integer, text?: string, tags?: string[], metrics?: table<string, any>, people?: kith.PersonRef[]}
---@return kith.Entry
function kith.journal.add(e) end
---@param id integer
---@return kith.Entry|nil
function kith.journal.get(id) end
---@param id integer
---@param changes {at?: string, mood?: integer, text?: string, tags?: string[], metrics?: table<string, any>, people?: kith.PersonRef[]}
---@return kith.Entry
function kith.journal.update(id, changes) end
---@param filter? {since?: string, until?: string, tag?: string, limit?: integer}
---@return kith.Entry[] newest first
function kith.journal.list(filter) end
---@param filter? {since?: string, until?: string, tag?: string}
---@return fun(): kith.Entry|nil oldest first, constant memory
function kith.journal.each(filter) end

---@class kith.Repeat
---@field freq "daily"|"weekly"|"monthly"
---@field interval? integer every N days, weeks or months (default 1)
---@field byday? string[] weekday codes "MO".."SU"; monthly also "1TU", "-1FR"
---@field until? string last date an occurrence may start (inclusive)
---@field count? integer occurrences in all, the first included

---@class kith.Event
---@field id integer
---@field title string
---@field person_id integer|nil
---@field starts string instant of the first occurrence
---@field time_zone string the zone whose wall clock the rule follows
---@field duration_minutes integer
---@field repeat kith.Repeat|nil
---@field remind_minutes_before integer|nil
---@field skipped string[] local dates whose occurrence is skipped

---@class kith.Occurrence
---@field event_id integer
---@field title string
---@field starts string
---@field ends string
---@field person_id integer|nil

---@class kith.Reminder
---@field key string stable within its source
---@field source string "kith.stay-in-touch", "kith.schedule" or "PLUGIN_ID/REMINDER_ID"
---@field title string
---@field due string date or instant
---@field person_id integer|nil
---@field priority "low"|"normal"|"high"

kith.schedule = {}
---@param e {title: string, person?: kith.PersonRef, starts: string, duration_minutes?: integer, repeat?: kith.Repeat, remind_minutes_before?: integer}
---@return kith.Event
function kith.schedule.add(e) end
---@param filter? {since?: string, until?: string}
---@return kith.Occurrence[] in order
function kith.schedule.occurrences(filter) end
---@return kith.Event[]
function kith.schedule.list() end
---@param id integer
function kith.schedule.remove(id) end
---@param id integer
---@param changes {title?: string, person?: kith.PersonRef|false, starts?: string, duration_minutes?: integer, repeat?: kith.Repeat|false, remind_minutes_before?: integer|false}
---@return kith.Event
function kith.schedule.update(id, changes) end
---@param id integer
---@param day string a local date (or "today", "tomorrow") on which the event occurs
---@return kith.Occurrence the occurrence skipped
function kith.schedule.skip(id, day) end
---@param id integer
---@param day string
function kith.schedule.unskip(id, day) end

kith.reminders = {}
---@param def {id: string, title: string, check: fun(ctx: {now: string, today: string}): {key: string, title: string, due: string, person?: kith.PersonRef, priority?: "low"|"normal"|"high"}[]}
function kith.reminders.define(def) end
---@param opts? {at?: string}
---@return kith.Reminder[] highest priority first
function kith.reminders.due(opts) end

---@class kith.Block
---@field kind "heading"|"text"|"metric"|"list"|"table"|"chart"|"contacts"|"convoy"
---@field text? string heading, text
---@field label? string metric
---@field value? any metric
---@field note? string metric
---@field items? string[] list
---@field columns? string[] table
---@field rows? any[][] table: every row as wide as columns
---@field chart? "line"|"bar" chart
---@field title? string chart
---@field x? string[] chart: one label per point
---@field series? {name: string, values: (number|false)[]}[] chart: false marks a gap
---@field y_min? number chart: a fixed value axis, with y_max (both or neither; every value inside)
---@field y_max? number chart
---@field bands? {from: number, to: number, label: string}[] chart: shaded ranges of the value axis, at most 12
---@field people? table[] contacts: {name, phone?, note?}; convoy (built-in reports only): {name, circle, type, crisis}

---@class kith.Document
---@field title string
---@field blocks kith.Block[]

---@alias kith.ReadPermission "people.read"|"interactions.read"|"journal.read"|"assessments.read"|"schedule.read"|"plan.read"

kith.reports = {}
--- reads: what build reads; the plugin must hold each, build reaches nothing else, and code that
--- runs the report with kith.reports.run needs them all.
---@param def {id: string, title: string, description?: string, reads?: kith.ReadPermission[], build: fun(ctx: {now: string, today: string}, params: table<string, string>): kith.Document}
function kith.reports.define(def) end
--- Needs every permission the report reads.
---@param id string
---@param params? table<string, string|number|boolean> since, until and any report parameter
---@return kith.Document
function kith.reports.run(id, params) end
---@return {id: string, title: string, description: string, plugin: string|nil, reads: kith.ReadPermission[]}[]
function kith.reports.list() end

---@class kith.PlanItem
---@field text string
---@field person_id? integer
---@field person? string the person's name

---@alias kith.PlanStep "warning_signs"|"coping"|"distraction"|"help"|"professionals"|"environment"|"reasons"

kith.plan = {}
--- The safety plan (permission plan.read): each step a list of items, and when it last changed.
---@return table<kith.PlanStep, kith.PlanItem[]>|{updated_at?: string}
function kith.plan.get() end
--- Replaces the steps given (permission plan.write); steps not named keep their items.
--- An item is text or {text=, person=} (a person's id or exact name).
---@param steps table<kith.PlanStep, (string|{text?: string, person?: integer|string})[]>
function kith.plan.update(steps) end
--- A clinic's crisis line, shown wherever the person has set none (permission plan.write).
---@param line {name: string, phone: string, note?: string, source?: string}
function kith.plan.default_crisis_line(line) end

kith.importers = {}
--- Defines `kith import ID FILE`: import(text, ctx) adds records with the kith API; all of it is
--- one transaction, so an error anywhere imports nothing. Returns counts for the summary line.
---@param def {id: string, description?: string, import: fun(text: string, ctx: {file: string}): table<string, integer>}
function kith.importers.define(def) end

---@class kith.Result
---@field id integer
---@field assessment string
---@field version string
---@field at string
---@field answers table<string, integer>
---@field total number
---@field band string|nil
---@field flags string[]
---@field subscales table<string, number>
---@field scored_by string|nil the plugin that scored it
---@field scorer_version string|nil that plugin's version
---@field risk string|nil what the instrument said about an answer that needs attention
---@field settings table<string, string>|nil the settings the scoring used

kith.assessments = {}
---@class kith.Score what an instrument's score function returns
---@field total number at most 10^9 in size
---@field band? string
---@field flags? string[]
---@field subscales? table<string, number>
---@field risk? string words for the person when an answer means they may be at risk
---@field settings? table<string, string|number|boolean> the settings the score used

---@class kith.Band
---@field from number
---@field to number
---@field label string

--- Defines a questionnaire. Items may carry their own `choices`. score(answers) receives
--- complete, valid answers keyed by item id. `risk`, a sentence for the person (never a
--- diagnosis), makes Kith show who to reach and a crisis line. `codes` are what the FHIR
--- export codes the instrument with (LOINC where it has them). `bands`, the total's bands as
--- ranges, are shaded on the chart of `kith report ID`, whose axis then covers them all.
---@param def {id: string, title: string, version?: string, instructions?: string, about?: string, bands?: {from: number, to: number, label: string}[], change?: {response?: number, remission_below?: number, significant?: number, reliable?: number, reliability?: number, sd?: number, source?: string}, codes?: {system: string, panel?: string, total: string, display?: string}, choices?: {value: integer, label: string, code?: string}[], items: {id: string, text: string, code?: string, optional?: boolean, observed?: boolean, choices?: {value: integer, label: string, code?: string}[]}[], score: fun(answers: table<string, integer>): kith.Score}
function kith.assessments.define(def) end
---@param id string
---@param answers table<string, integer>
---@param at? string
---@return kith.Result
function kith.assessments.record(id, answers, at) end
---@param filter? {assessment?: string, since?: string, until?: string}
---@return kith.Result[] newest first
function kith.assessments.results(filter) end
---@param answers table<string, integer> item id -> answer
---@param items integer|string[] a count n (items "1".."n") or the ids to add up
---@return integer the sum; an item without an answer is an error
function kith.assessments.sum(answers, items) end
---@param total number
---@param bands {from: number, to: number, label: string}[]
---@return string|nil the label of the first band with from <= total <= to
function kith.assessments.band(total, bands) end

kith.store = {}
---@param key string
function kith.store.get(key) end
---@param key string
---@param value any JSON-compatible; nil removes the key
function kith.store.set(key, value) end

kith.settings = {}
--- A setting the plugin declares in plugin.toml ([settings.KEY]): the value set with
--- 'kith plugins set', else its default; checked on every read (an undeclared key or a kept
--- value the declaration no longer accepts is an error).
---@param key string
---@return integer|number|boolean|string
function kith.settings.get(key) end

kith.files = {}
---@param path string under the working directory or an --allow-path folder (scripts only)
---@return string
function kith.files.read(path) end
---@param path string
---@param text string
function kith.files.write(path, text) end
---@param path string
---@return fun(): string|nil
function kith.files.lines(path) end

---@type string[] the script's arguments (scripts only); arg[0] is the script path
arg = {}
