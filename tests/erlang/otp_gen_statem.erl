-module(otp_gen_statem).
-behaviour(gen_statem).
-export([test/0, init/1, callback_mode/0, locked/3, open/3, handle_event/4]).
%% gen_statem from OTP's stdlib, run unmodified: state functions, event
%% timeouts, postponing, state enter calls and handle_event_function mode
%% (through a second instance started with a different mode).
callback_mode() ->
    case get(mode) of
        handle -> handle_event_function;
        _ -> [state_functions, state_enter]
    end.
init({Code, Mode}) ->
    put(mode, Mode),
    {ok, locked, #{code => Code, input => [], log => []}}.

locked(enter, _Old, D) -> {keep_state, log(D, enter_locked)};
locked({call, From}, {button, B}, #{code := Code, input := In} = D) ->
    In2 = In ++ [B],
    if In2 =:= Code ->
           {next_state, open, D#{input := []}, [{reply, From, opened}]};
       length(In2) >= length(Code) ->
           {keep_state, D#{input := []}, [{reply, From, wrong}]};
       true ->
           {keep_state, D#{input := In2}, [{reply, From, more}]}
    end;
locked({call, From}, log, D) -> {keep_state_and_data, [{reply, From, lists:reverse(maps:get(log, D))}]};
locked(cast, lock, D) -> {keep_state, D};
locked(info, _, D) -> {keep_state, D}.

open(enter, _Old, D) -> {keep_state, log(D, enter_open), [{state_timeout, 30, relock}]};
open(state_timeout, relock, D) -> {next_state, locked, log(D, timed_out)};
open({call, From}, {button, _}, _D) -> {keep_state_and_data, [postpone, {reply, From, postponed}]};
open({call, From}, log, D) -> {keep_state_and_data, [{reply, From, lists:reverse(maps:get(log, D))}]};
open(cast, lock, D) -> {next_state, locked, log(D, locked_by_cast)}.

handle_event({call, From}, get, S, D) -> {keep_state_and_data, [{reply, From, {S, maps:get(code, D)}}]};
handle_event(cast, {go, S2}, _S, D) -> {next_state, S2, D};
handle_event(info, {inc, N}, S, #{code := C} = D) -> {next_state, S, D#{code := C + N}}.

log(D = #{log := L}, E) -> D#{log := [E | L]}.

test() ->
    {ok, P} = gen_statem:start(?MODULE, {[1, 2, 3], fsm}, []),
    R1 = [gen_statem:call(P, {button, B}) || B <- [1, 2, 4, 1, 2]],
    R2 = gen_statem:call(P, {button, 3}),
    S1 = sys:get_state(P),
    timer:sleep(80),
    S2 = element(1, sys:get_state(P)),
    R3 = [gen_statem:call(P, {button, B}) || B <- [1, 2, 3]],
    gen_statem:cast(P, lock),
    Log = gen_statem:call(P, log),
    ok = gen_statem:stop(P),
    {ok, H} = gen_statem:start(?MODULE, {0, handle}, []),
    H ! {inc, 5},
    gen_statem:cast(H, {go, other}),
    G = gen_statem:call(H, get),
    ok = gen_statem:stop(H),
    [R1, R2, element(1, S1), S2, R3, Log, G].
