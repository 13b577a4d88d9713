/**
 * The JavaScript that runs inside the templating sandbox (a `node:vm` context with no Node
 * globals), after the browser bundle of Nunjucks. It is plain ES5 text, not TypeScript: it is
 * compiled by V8 inside the context, so nothing in it may refer to the host.
 *
 * The only door between sandbox and host is `entry(requestJson) → responseJson`, strings both
 * ways, and the host's filter function `host(name, argsJson) → responseJson`, captured here and
 * removed from the global object before any template runs. No host object ever enters the
 * context, so `x.constructor.constructor('return process')()` can at most reach the sandbox's own
 * `Function`, whose global object has no `process`, `require` or `import`. On top of that, member
 * lookups of `constructor`, `__proto__`, `prototype` and friends are refused outright.
 */
export const SANDBOX_SOURCE = String.raw`
(function (globalObject) {
  'use strict';
  var nunjucks = globalObject.module.exports;
  var host = globalObject.__host;
  var options = JSON.parse(globalObject.__options);
  delete globalObject.__host;
  delete globalObject.__options;
  delete globalObject.module;
  delete globalObject.exports;

  var BLOCKED = Object.create(null);
  ['constructor', '__proto__', 'prototype', 'caller', 'callee', 'arguments', '__defineGetter__',
    '__defineSetter__', '__lookupGetter__', '__lookupSetter__'].forEach(function (name) { BLOCKED[name] = 1; });
  // A limit was hit: never swallowed by the keep-as-written fallback. Nunjucks wraps errors thrown
  // inside templates in errors of its own, so the limit is remembered here until the request ends.
  var limitHit;
  function Fatal(message) { limitHit = new Error(message); return limitHit; }
  function isFatal() { return limitHit !== undefined; }
  function messageOf(error) { return limitHit ? limitHit.message : String(error && error.message); }
  function normaliseKey(key) {
    if (typeof key === 'number' || typeof key === 'undefined') return key;
    var text = String(key);
    if (BLOCKED[text] === 1) {
      throw new Error('Templates may not read "' + text + '": it would leave the template sandbox');
    }
    return text;
  }

  if (options.cookiecutterCompat) nunjucks.installJinjaCompat();
  var runtime = nunjucks.runtime;
  var innerMemberLookup = runtime.memberLookup;
  // String methods that make one huge allocation at once, which a worker thread cannot survive
  // (V8 aborts instead of stopping the worker): bounded before they run.
  var MAX_ITEMS = 1000000;
  function bounded(obj, key, found) {
    if (typeof obj !== 'string' || typeof found !== 'function') return found;
    if (key === 'repeat') {
      return function (count) {
        if (obj.length * Number(count) > options.maxOutputChars) throw new Fatal('repeat() would make a string longer than the limit of ' + options.maxOutputChars);
        return found.apply(null, arguments);
      };
    }
    if (key === 'padStart' || key === 'padEnd') {
      return function (length) {
        if (Number(length) > options.maxOutputChars) throw new Fatal(key + '() would make a string longer than the limit of ' + options.maxOutputChars);
        return found.apply(null, arguments);
      };
    }
    if (key === 'split' && obj.length > MAX_ITEMS) {
      throw new Fatal('split() of a string of ' + obj.length + ' characters: more than the limit of ' + MAX_ITEMS);
    }
    return found;
  }
  runtime.memberLookup = function (obj, val) {
    var args = Array.prototype.slice.call(arguments);
    if (args.length < 4) args[1] = normaliseKey(val);
    return bounded(obj, args[1], innerMemberLookup.apply(this, args));
  };
  var innerContextLookup = runtime.contextOrFrameLookup;
  runtime.contextOrFrameLookup = function (context, frame, name) {
    normaliseKey(name);
    return innerContextLookup.call(this, context, frame, name);
  };

  var tags = options.cookiecutterCompat ? {} : { variableStart: '\${{', variableEnd: '}}' };
  var env = new nunjucks.Environment(null, {
    autoescape: false,
    throwOnUndefined: false,
    trimBlocks: !!options.trimBlocks,
    lstripBlocks: !!options.lstripBlocks,
    tags: tags
  });

  options.hostFilters.forEach(function (name) {
    env.addFilter(name, function () {
      var response = JSON.parse(host(name, JSON.stringify(Array.prototype.slice.call(arguments))));
      if (response.error !== undefined) throw new Error(response.error);
      return response.value;
    });
  });
  if (options.cookiecutterCompat) env.addFilter('jsonify', env.getFilter('dump'));
  function checkCount(what, count) {
    if (!(count <= MAX_ITEMS)) throw new Fatal(what + ' would make ' + count + ' items, more than the limit of ' + MAX_ITEMS);
  }
  var innerRange = env.getGlobal('range');
  env.addGlobal('range', function (start, stop, step) {
    var from = stop === undefined ? 0 : start;
    var to = stop === undefined ? start : stop;
    var by = step || 1;
    checkCount('range()', Math.ceil((to - from) / by));
    return innerRange.apply(null, arguments);
  });
  var innerList = env.getFilter('list');
  env.addFilter('list', function (value) {
    if (typeof value === 'string') checkCount('list', value.length);
    return innerList.apply(null, arguments);
  });
  var innerSlice = env.getFilter('slice');
  env.addFilter('slice', function (value, slices) {
    checkCount('slice', Number(slices));
    return innerSlice.apply(null, arguments);
  });
  var innerBatch = env.getFilter('batch');
  env.addFilter('batch', function (value, size) {
    checkCount('batch', Math.ceil((value ? value.length : 0) / Number(size)));
    return innerBatch.apply(null, arguments);
  });

  function checkSize(text) {
    if (typeof text === 'string' && text.length > options.maxOutputChars) {
      throw new Fatal('A template rendered ' + text.length + ' characters, more than the limit of ' +
        options.maxOutputChars);
    }
    return text;
  }

  function renderString(template, context) {
    return checkSize(new nunjucks.Template(template, env).render(context));
  }

  // Backstage's isSingleTemplateString: the template is one expression and nothing else.
  function isSingleExpression(text) {
    var parsed = nunjucks.parser.parse(text, {}, { autoescape: false, tags: tags });
    if (parsed.children.length !== 1) return false;
    var only = parsed.children[0];
    return !(only.children && only.children[0] instanceof nunjucks.nodes.TemplateData);
  }

  // NunjucksWorkflowRunner.render: every string value is rendered; a single expression keeps its
  // type (through dump + JSON.parse); an empty result removes the value; a string that cannot be
  // rendered is kept as it is (the problem is reported).
  function renderValue(input, context, problems) {
    return JSON.parse(JSON.stringify(input), function (_key, value) {
      if (typeof value !== 'string') return value;
      try {
        try {
          if (isSingleExpression(value)) {
            var wrapped = value.replace(/\$\{\{([\s\S]+)\}\}/, '\${{ ($1) | dump }}');
            var dumped = renderString(wrapped, context);
            if (dumped === '') return undefined;
            return JSON.parse(dumped);
          }
        } catch (error) {
          if (isFatal()) throw error;
        }
        var rendered = renderString(value, context);
        return rendered === '' ? undefined : rendered;
      } catch (error) {
        if (isFatal()) throw error;
        problems.push({ template: value.slice(0, 200), message: String(error && error.message) });
        return value;
      }
    });
  }

  globalObject.__entry = function (requestJson) {
    limitHit = undefined;
    var request = JSON.parse(requestJson);
    try {
      if (request.op === 'string') {
        return JSON.stringify({ value: renderString(request.template, request.context) });
      }
      var problems = [];
      var value = renderValue({ v: request.value }, request.context, problems).v;
      return checkSize(JSON.stringify({ value: value, problems: problems }));
    } catch (error) {
      return JSON.stringify({ error: messageOf(error), fatal: isFatal() });
    }
  };
})(globalThis);
`;
