%% Shale's preloaded logger: the API of OTP's kernel logger that stdlib
%% (gen_server, proc_lib, supervisor...) and ordinary programs call, with
%% one handler that prints to standard output as erl's default handler
%% does (legacy "=LEVEL REPORT==== time ===" header, then the message).
%% The primary level starts at notice, as in erl.  There are no handlers
%% to add: add_handler/3 and friends answer {error, ...}.
-module(logger).
-export([allow/2, macro_log/3, macro_log/4, macro_log/5,
         log/2, log/3, log/4,
         emergency/1, emergency/2, emergency/3, alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3, error/1, error/2, error/3,
         warning/1, warning/2, warning/3, notice/1, notice/2, notice/3,
         info/1, info/2, info/3, debug/1, debug/2, debug/3,
         compare_levels/2, get_primary_config/0, set_primary_config/1,
         set_primary_config/2, update_primary_config/1,
         set_module_level/2, unset_module_level/1,
         set_process_metadata/1, update_process_metadata/1,
         get_process_metadata/0, unset_process_metadata/0,
         add_handler/3, remove_handler/1, get_handler_config/0,
         get_handler_config/1, format_report/1, timestamp/0,
         emulator_report/2, printer/0]).

-define(LEVELS, [emergency, alert, critical, error, warning, notice, info,
                 debug]).
-define(PRIMARY, {?MODULE, primary}).
-define(META, '$logger_metadata$').
-define(PRINTER, logger_printer).
-define(PRINT_DELAY_MS, 10).

level_rank(L) -> rank(L, ?LEVELS, 0).
rank(L, [L | _], N) -> N;
rank(L, [_ | T], N) -> rank(L, T, N + 1);
rank(L, [], _) -> erlang:error(badarg, [L]).

primary() -> persistent_term:get(?PRIMARY, #{level => notice}).
module_level(Module) -> persistent_term:get({?MODULE, module, Module}, none).

allow(Level, Module) ->
    Limit = case module_level(Module) of
                none -> maps:get(level, primary());
                L -> L
            end,
    Limit =/= none andalso
        (Limit =:= all orelse level_rank(Level) =< level_rank(Limit)).

compare_levels(A, A) -> level_rank(A), eq;
compare_levels(A, B) ->
    case level_rank(A) < level_rank(B) of
        true -> gt;
        false -> lt
    end.

timestamp() -> os:system_time(microsecond).

get_primary_config() ->
    maps:merge(#{filter_default => log, filters => [], metadata => #{}},
               primary()).
set_primary_config(Config) when is_map(Config) ->
    persistent_term:put(?PRIMARY, maps:merge(#{level => notice}, Config)).
set_primary_config(level, L) ->
    _ = L =:= all orelse L =:= none orelse level_rank(L),
    persistent_term:put(?PRIMARY, (primary())#{level => L});
set_primary_config(Key, Value) ->
    persistent_term:put(?PRIMARY, (primary())#{Key => Value}).
update_primary_config(Config) when is_map(Config) ->
    persistent_term:put(?PRIMARY, maps:merge(primary(), Config)).
set_module_level(Modules, Level) when is_list(Modules) ->
    [persistent_term:put({?MODULE, module, M}, Level) || M <- Modules], ok;
set_module_level(Module, Level) -> set_module_level([Module], Level).
unset_module_level(Modules) when is_list(Modules) ->
    [persistent_term:erase({?MODULE, module, M}) || M <- Modules], ok;
unset_module_level(Module) -> unset_module_level([Module]).

set_process_metadata(Meta) when is_map(Meta) -> put(?META, Meta), ok.
update_process_metadata(Meta) when is_map(Meta) ->
    set_process_metadata(maps:merge(process_metadata(), Meta)).
process_metadata() ->
    case get(?META) of
        undefined -> #{};
        M -> M
    end.
get_process_metadata() -> get(?META).
unset_process_metadata() -> erase(?META), ok.

add_handler(Id, _Module, _Config) -> {error, {not_supported, Id}}.
remove_handler(Id) -> {error, {not_found, Id}}.
get_handler_config() -> [].
get_handler_config(Id) -> {error, {not_found, Id}}.

%% Run by shale-beam in a new process when process Pid ends with an error
%% or throw, as OTP's emulator reports it.
emulator_report(Pid, Reason) ->
    log(error, "Error in process ~p with exit value:~n~p~n", [Pid, Reason],
        #{error_logger => #{tag => error, emulator => true}}).

%% The logging macros' entry points (Location is the caller's metadata).
macro_log(Location, Level, StringOrReport) ->
    log_allowed(Location, Level, msg(StringOrReport), #{}).
macro_log(Location, Level, FunOrFormat, ArgsOrMeta) ->
    case is_map(ArgsOrMeta) of
        true -> log_allowed(Location, Level, msg(FunOrFormat), ArgsOrMeta);
        false -> log_allowed(Location, Level, {FunOrFormat, ArgsOrMeta}, #{})
    end.
macro_log(Location, Level, Format, Args, Meta) ->
    log_allowed(Location, Level, {Format, Args}, Meta).

log(Level, StringOrReport) -> do_log(Level, msg(StringOrReport), #{}).
log(Level, FunOrFormat, ArgsOrMeta) ->
    case is_map(ArgsOrMeta) of
        true -> do_log(Level, msg(FunOrFormat), ArgsOrMeta);
        false -> do_log(Level, {FunOrFormat, ArgsOrMeta}, #{})
    end.
log(Level, Format, Args, Meta) -> do_log(Level, {Format, Args}, Meta).

emergency(A) -> log(emergency, A).
emergency(A, B) -> log(emergency, A, B).
emergency(A, B, C) -> log(emergency, A, B, C).
alert(A) -> log(alert, A).
alert(A, B) -> log(alert, A, B).
alert(A, B, C) -> log(alert, A, B, C).
critical(A) -> log(critical, A).
critical(A, B) -> log(critical, A, B).
critical(A, B, C) -> log(critical, A, B, C).
error(A) -> log(error, A).
error(A, B) -> log(error, A, B).
error(A, B, C) -> log(error, A, B, C).
warning(A) -> log(warning, A).
warning(A, B) -> log(warning, A, B).
warning(A, B, C) -> log(warning, A, B, C).
notice(A) -> log(notice, A).
notice(A, B) -> log(notice, A, B).
notice(A, B, C) -> log(notice, A, B, C).
info(A) -> log(info, A).
info(A, B) -> log(info, A, B).
info(A, B, C) -> log(info, A, B, C).
debug(A) -> log(debug, A).
debug(A, B) -> log(debug, A, B).
debug(A, B, C) -> log(debug, A, B, C).

msg(Report) when is_map(Report) -> {report, Report};
msg([{_, _} | _] = Report) -> {report, Report};
msg(String) -> {string, String}.

do_log(Level, Msg, Meta) ->
    case allow(Level, undefined) of
        true -> emit(Level, Msg, Meta);
        false -> ok
    end.

log_allowed(Location, Level, Msg, Meta) ->
    emit(Level, Msg, maps:merge(Location, Meta)).

emit(Level, {Fun, FunArgs}, Meta) when is_function(Fun, 1) ->
    case Fun(FunArgs) of
        {F, A} when is_list(A) -> emit(Level, {F, A}, Meta);
        {F, A, M} -> emit(Level, {F, A}, maps:merge(Meta, M));
        Other -> emit(Level, msg(Other), Meta)
    end;
emit(Level, Msg, Meta0) ->
    Meta = maps:merge(process_metadata(), Meta0),
    Text = try format_msg(Msg, Meta)
           catch C:R -> io_lib:format("FORMAT ERROR: ~tp - ~tp", [Msg, {C, R}])
           end,
    Out = [header(Level, Meta), "\n", Text, "\n"],
    case whereis(?PRINTER) of
        undefined -> io:put_chars(Out);
        Printer -> Printer ! {?MODULE, print, erlang:monotonic_time(millisecond), Out}
    end,
    ok.

%% The handler's process (shale_kernel starts it).  As OTP's handler, it
%% prints asynchronously, a little after the event: a program that ends
%% right after a crash ends, as under erl, before the report is out.
printer() ->
    receive
        {?MODULE, print, At, Out} ->
            Wait = At + ?PRINT_DELAY_MS - erlang:monotonic_time(millisecond),
            receive after max(Wait, 0) -> ok end,
            io:put_chars(user, Out),
            printer()
    end.

format_msg({string, S}, _) -> S;
format_msg({report, R}, #{report_cb := Cb}) when is_function(Cb, 1) ->
    {F, A} = Cb(R),
    io_lib:format(F, A);
format_msg({report, R}, #{report_cb := Cb}) when is_function(Cb, 2) ->
    Cb(R, #{depth => unlimited, chars_limit => unlimited,
            single_line => false, encoding => unicode});
format_msg({report, R}, _) ->
    {F, A} = format_report(R),
    io_lib:format(F, A);
format_msg({F, A}, _) -> io_lib:format(F, A).

%% A report without a callback: one "    Key: Value" line per pair.
format_report(R) when is_map(R) -> format_report(lists:sort(maps:to_list(R)));
format_report(R) when is_list(R) ->
    Lines = [report_line(E) || E <- R],
    {lists:flatten(lists:join("~n", [L || {L, _} <- Lines])),
     lists:append([A || {_, A} <- Lines])};
format_report(R) -> {"~tp", [R]}.

report_line({K, V}) ->
    case io_lib:printable_unicode_list(V) of
        true -> {"    ~tp: ~ts", [K, V]};
        false -> {"    ~tp: ~tp", [K, V]}
    end;
report_line(E) -> {"    ~tp", [E]}.

header(Level, Meta) ->
    Title = case Meta of
                #{error_logger := #{tag := Tag} = EL} -> title(Tag, EL, Level);
                _ -> upper(Level) ++ " REPORT"
            end,
    T = maps:get(time, Meta, timestamp()),
    {{Y, Mo, D}, {H, Mi, S}} =
        calendar:system_time_to_local_time(T div 1000000, second),
    io_lib:format("=~ts==== ~w-~ts-~4..0w::~2..0w:~2..0w:~2..0w.~6..0w ===",
                  [Title, D, month(Mo), Y, H, Mi, S, T rem 1000000]).

title(error, _, _) -> "ERROR REPORT";
title(info_msg, _, _) -> "INFO REPORT";
title(info_report, _, _) -> "INFO REPORT";
title(warning_msg, _, _) -> "WARNING REPORT";
title(warning_report, _, _) -> "WARNING REPORT";
title(error_report, #{type := crash_report}, _) -> "CRASH REPORT";
title(error_report, #{type := supervisor_report}, _) -> "SUPERVISOR REPORT";
title(error_report, _, _) -> "ERROR REPORT";
title(info_report, #{type := progress}, _) -> "PROGRESS REPORT";
title(_, _, Level) -> upper(Level) ++ " REPORT".

upper(A) -> string:uppercase(atom_to_list(A)).

month(M) -> element(M, {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                        "Aug", "Sep", "Oct", "Nov", "Dec"}).
