%% The Erlang shell behind flint's `erl` (the erl: scheme; the frames are
%% described in silos/erlang/README.md).  Two processes per session:
%%
%% - the manager, registered as shale_shell: takes the client's events
%%   from the shale_tty BIFs (open, typed bytes, close) and is the group
%%   leader of the evaluator -- an I/O server speaking OTP's I/O protocol,
%%   whose output and prompts become frames for flint;
%% - the evaluator: erl's loop -- read an expression list after the
%%   numbered prompt with io:parse_erl_exprs (OTP's erl_scan and
%%   erl_parse), evaluate it with OTP's erl_eval, print the value with ~p
%%   or the exception as erl does (erl_error), keep the bindings.
%%
%% q() ends the session (back to flint; the silo and its other processes
%% go on), as does the client closing (Ctrl-D in flint).
-module(shale_shell).
-export([start/0, init/0, evaluator/0, runner/3]).

-record(st, {eval = none,         % the evaluator's pid, or none
             mref = none,         % its monitor
             buf = <<>>,          % typed bytes not read yet
             req = none,          % a read waiting for input
             cont = [],           % get_until's continuation so far
             prompted = false,    % the prompt of req went out
             run = false}).       % a /run session waiting for its request

%% Starts the manager; returns its pid.
start() ->
    spawn(?MODULE, init, []).

init() ->
    register(shale_shell, self()),
    loop(events(#st{})).

loop(St) ->
    receive
        shale_tty ->
            loop(events(St));
        {io_request, From, ReplyAs, Req} when From =:= St#st.eval ->
            loop(io_request(From, ReplyAs, Req, St));
        {io_request, From, ReplyAs, Req} ->
            %% another process of the session (spawned at the prompt)
            loop(io_request(From, ReplyAs, Req, St));
        {'DOWN', Ref, process, _, Why} when Ref =:= St#st.mref ->
            shale_tty:put('end', status(Why)),
            loop(#st{});
        _ ->
            loop(St)
    end.

%% Takes every event the client sent.
events(St) ->
    case shale_tty:take() of
        none -> St;
        {open, <<"/run">>} -> events((close(St))#st{run = true});
        {open, _} -> events(open(St));
        close -> events(close(St));
        {data, Bin} when St#st.run -> events(run(Bin, St));
        {data, Bin} -> events(input(St#st{buf = <<(St#st.buf)/binary, Bin/binary>>}))
    end.

%% A /run session's request: MODULE, FUNCTION and the arguments, each
%% ended by a NUL (flint's `erl -run`).  The runner calls it as erl -run
%% does; the session ends with its status, "0" or "1".
run(Bin, St) ->
    case binary:split(Bin, <<0>>, [global]) of
        [M, F | Rest] when M =/= <<>>, F =/= <<>> ->
            Args = [binary_to_list(A) || A <- lists:droplast(Rest)],
            start_eval(St#st{run = false}, runner,
                       [binary_to_atom(M, utf8), binary_to_atom(F, utf8), Args]);
        _ ->
            shale_tty:put(output, <<"erl -run: expected MODULE FUNCTION [ARG...]\n">>),
            shale_tty:put('end', <<"2">>),
            #st{}
    end.

status(normal) -> <<"0">>;
status(_) -> <<"1">>.

open(St0) ->
    start_eval(close(St0), evaluator, []).

start_eval(St, Fun, Args) ->
    Self = self(),
    Pid = spawn(?MODULE, Fun, Args),
    group_leader(Self, Pid),
    Ref = erlang:monitor(process, Pid),
    Pid ! go,
    St#st{eval = Pid, mref = Ref}.

close(#st{eval = none} = St) ->
    St#st{buf = <<>>, req = none, cont = []};
close(#st{eval = Pid, mref = Ref}) ->
    erlang:demonitor(Ref, [flush]),
    exit(Pid, kill),
    #st{}.

%% ---- the I/O server -----------------------------------------------------

io_request(From, ReplyAs, Req, St) ->
    case request(Req) of
        {reply, Reply} ->
            From ! {io_reply, ReplyAs, Reply},
            St;
        {read, Prompt, How} when St#st.req =:= none ->
            input(St#st{req = {From, ReplyAs, Prompt, How}, cont = [],
                        prompted = false});
        {read, _, _} ->
            From ! {io_reply, ReplyAs, {error, busy}},
            St
    end.

request({put_chars, Enc, Chars}) -> {reply, put_chars(Enc, Chars)};
request({put_chars, Enc, M, F, A}) ->
    try apply(M, F, A) of
        Chars -> {reply, put_chars(Enc, Chars)}
    catch _:_ -> {reply, {error, F}}
    end;
request({put_chars, Chars}) -> request({put_chars, latin1, Chars});
request({put_chars, M, F, A}) -> request({put_chars, latin1, M, F, A});
request({requests, Reqs}) ->
    lists:foldl(fun(R, ok) -> element(2, request(R)); (_, E) -> E end, ok, Reqs);
request({get_line, Enc, Prompt}) -> {read, Prompt, {line, Enc}};
request({get_line, Prompt}) -> {read, Prompt, {line, latin1}};
request({get_chars, Enc, Prompt, N}) -> {read, Prompt, {chars, Enc, N}};
request({get_chars, Prompt, N}) -> {read, Prompt, {chars, latin1, N}};
request({get_until, Enc, Prompt, M, F, A}) -> {read, Prompt, {until, Enc, M, F, A}};
request({get_until, Prompt, M, F, A}) -> {read, Prompt, {until, latin1, M, F, A}};
request({setopts, _}) -> {reply, ok};
request(getopts) -> {reply, [{binary, false}, {encoding, unicode}]};
request({get_geometry, columns}) -> {reply, 80};
request({get_geometry, rows}) -> {reply, 24};
request(_) -> {reply, {error, request}}.

%% The terminal takes UTF-8.
put_chars(Enc, Chars) ->
    case unicode:characters_to_binary(Chars, Enc, utf8) of
        Bin when is_binary(Bin) -> shale_tty:put(output, Bin), ok;
        _ -> {error, put_chars}
    end.

%% Serves the waiting read from the typed bytes, line by line; prompts
%% (again, as erl does for each line of a multi-line expression) when it
%% needs a line that has not been typed yet.
input(#st{req = none} = St) -> St;
input(#st{req = {From, ReplyAs, Prompt, How}, buf = Buf} = St) ->
    case binary:split(Buf, <<"\n">>) of
        [Line, Rest] ->
            Chars = chars(<<Line/binary, "\n">>),
            case consume(How, Chars, St#st.cont) of
                {done, Reply, Left} ->
                    From ! {io_reply, ReplyAs, Reply},
                    St#st{req = none, cont = [], prompted = false,
                          buf = <<(unicode:characters_to_binary(Left))/binary, Rest/binary>>};
                {more, Cont} ->
                    input(St#st{buf = Rest, cont = Cont, prompted = false})
            end;
        [_] when St#st.prompted ->
            St;
        [_] ->
            shale_tty:put(prompt, prompt_text(Prompt)),
            St#st{prompted = true}
    end.

chars(Bin) ->
    case unicode:characters_to_list(Bin, utf8) of
        L when is_list(L) -> L;
        _ -> binary_to_list(Bin)
    end.

consume({line, _}, Chars, _) -> {done, Chars, []};
consume({chars, _, N}, Chars, Acc) ->
    All = Acc ++ Chars,
    case length(All) >= N of
        true -> {done, lists:sublist(All, N), lists:nthtail(N, All)};
        false -> {more, All}
    end;
consume({until, _, M, F, A}, Chars, Cont) ->
    case apply(M, F, [Cont, Chars | A]) of
        {done, Result, Left} -> {done, Result, left(Left)};
        {more, Cont1} -> {more, Cont1}
    end.

left(eof) -> [];
left(L) when is_list(L) -> L;
left(_) -> [].

prompt_text(Prompt) ->
    try io_lib:format("~ts", [Prompt]) of
        Text -> unicode:characters_to_binary(Text)
    catch _:_ -> <<>>
    end.

%% ---- the evaluator ------------------------------------------------------

%% erl -run's call: F() or F(Args) with the arguments as strings; an
%% exception is printed as the shell prints it and ends with status 1.
runner(M, F, Args) ->
    receive go -> ok end,
    try
        case Args of
            [] -> M:F();
            _ -> M:F(Args)
        end
    catch Class:Reason:Stack ->
        report(Class, Reason, Stack),
        exit(failed)
    end.

evaluator() ->
    receive go -> ok end,
    io:put_chars("Eshell V13 on Shale (Erlang/OTP 25; q(). or Ctrl-D to leave)\n"),
    eval_loop(1, erl_eval:new_bindings()).

eval_loop(N, Bs) ->
    Prompt = integer_to_list(N) ++ "> ",
    case io:parse_erl_exprs(group_leader(), Prompt, {1, 1}) of
        {ok, Exprs, _} ->
            eval_loop(N + 1, eval(Exprs, Bs));
        {error, {Loc, Mod, Msg}, _} ->
            %% as erl: the line did not count
            io:put_chars(["* ", location(Loc), Mod:format_error(Msg), "\n"]),
            eval_loop(N, Bs);
        {eof, _} ->
            exit(normal)
    end.

location({L, C}) -> io_lib:format("~w:~w: ", [L, C]);
location(L) when is_integer(L) -> io_lib:format("~w: ", [L]);
location(_) -> "".

eval(Exprs, Bs) ->
    try erl_eval:exprs(Exprs, Bs, {eval, fun command/3}) of
        {value, V, Bs1} ->
            io:format("~p~n", [V]),
            Bs1
    catch
        throw:{?MODULE, quit} ->
            exit(normal);
        error:{Unbound, Name} when Unbound =:= unbound; Unbound =:= unbound_var ->
            %% erl's shell finds these before evaluating (erl_lint)
            io:format("* ~svariable ~p is unbound~n",
                      [location(var_location(Name, Exprs)), Name]),
            Bs;
        Class:Reason:Stack ->
            report(Class, Reason, Stack),
            Bs
    end.

%% An exception, printed as erl prints it.
report(error, undef, [{shell_default, Name, Args, _} | _]) ->
    io:format("** exception error: undefined shell command ~w/~w~n",
              [Name, length(Args)]);
report(Class, Reason, Stack) ->
    Trim = fun(M, _F, _A) -> M =:= erl_eval orelse M =:= ?MODULE end,
    io:put_chars(["** ", erl_error:format_exception(Class, Reason, Stack,
                          #{stack_trim_fun => Trim, column => 4}), "\n"]).

%% Where variable Name first appears in the abstract code.
var_location(Name, {var, Anno, Name}) ->
    {erl_anno:line(Anno), erl_anno:column(Anno)};
var_location(Name, T) when is_tuple(T) ->
    var_location(Name, tuple_to_list(T));
var_location(Name, [H | T]) ->
    case var_location(Name, H) of
        none -> var_location(Name, T);
        Loc -> Loc
    end;
var_location(_, _) ->
    none.

%% The shell's own commands (erl's shell_default subset).
command(q, [], _) ->
    throw({?MODULE, quit});
command(f, [], _) ->
    {value, ok, erl_eval:new_bindings()};
command(f, [{var, _, Name}], Bs) ->
    {value, ok, erl_eval:del_binding(Name, Bs)};
command(b, [], Bs) ->
    [io:format("~s = ~p~n", [K, V]) || {K, V} <- lists:sort(erl_eval:bindings(Bs))],
    {value, ok, Bs};
command(Name, Args, _) ->
    erlang:raise(error, undef, [{shell_default, Name, Args, []}]).
