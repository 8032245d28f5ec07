-module(otp_logger_api).
-export([test/0]).
%% The logger API that programs call besides logging itself: levels,
%% primary configuration, process metadata.  Every event here is below
%% the level that prints, so both VMs print nothing but the result.
test() ->
    A = [logger:allow(L, ?MODULE) || L <- [emergency, error, warning, notice, info, debug]],
    C = [logger:compare_levels(X, Y) || X <- [error, info], Y <- [error, debug, alert]],
    P = maps:get(level, logger:get_primary_config()),
    ok = logger:set_primary_config(level, error),
    A2 = [logger:allow(L, ?MODULE) || L <- [error, warning]],
    ok = logger:warning("not shown"), ok = logger:info("no"), ok = logger:notice(#{a => 1}),
    ok = logger:set_primary_config(level, notice),
    ok = logger:set_process_metadata(#{req => 1}),
    ok = logger:update_process_metadata(#{user => x}),
    M = logger:get_process_metadata(),
    ok = logger:unset_process_metadata(),
    M2 = logger:get_process_metadata(),
    ok = logger:info("info is below notice"),
    ok = logger:debug("so is debug ~p", [x]),
    E = (catch logger:compare_levels(bogus, error)),
    [A, C, P, A2, M, M2, element(1, E)].
