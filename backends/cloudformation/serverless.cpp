// Serverless kinds: functions (Lambda with its own role and log group),
// queues (SQS with a dead-letter queue), topics (SNS with a customer
// managed key), buckets (S3, private, encrypted, TLS only) and secrets.
//
// Connections between them are emitted once, by their source endpoint:
//   queue -> function  (trigger)       emitQueue:  the event source mapping
//   bucket -> x        (notification)  emitBucket: the bucket's NotificationConfiguration,
//                                                  and the Lambda permission of a function target
//   topic -> x         (subscription)  emitTopic:  the subscription, and the Lambda
//                                                  permission of a function subscriber
// Resource policies are one per resource (a second AWS::SQS::QueuePolicy on
// a queue would replace the first), so each queue and topic writes its own,
// with a statement per bucket or topic that sends to it.
//
// Dependency cycles, and how they are avoided:
// - S3 checks, when a notification is configured, that it may send to the
//   destination: the bucket must DependsOn the queue policy (or topic
//   policy, or Lambda permission). That policy names the bucket in its
//   aws:SourceArn, and the bucket names the queue in its configuration: with
//   GetAtt Bucket.Arn this is a cycle. So every bucket has a name fixed at
//   compile time (`<arch>-<deployment>-<bucket>-<account>-<region>`, or its
//   `name`), and its ARN is written with Fn::Sub from that name, which
//   references no resource.
// - A function that a bucket notifies and that also reads the bucket would
//   close bucket -> function -> role -> bucket: functions name buckets the
//   same way (policy ARNs and the `..._BUCKET` variables), never by Ref.
#include <fmt/format.h>

#include <algorithm>

#include "backends/cloudformation/template.h"

namespace arch::cloudformation {


namespace {

constexpr const char* kAccount = "arn:${AWS::Partition}:iam::${AWS::AccountId}:root";

// The bucket's name as Fn::Sub text: its `name` (parameters become
// ${Param}), else generated, with the account and region for global
// uniqueness, within S3's 63 characters.
std::string bucketNameText(Template& t, ir::Index b) {
  const ir::Graph& g = t.graph();
  const ir::Component& c = g.components[b];
  if (const sema::Value* v = c.prop("name"); v && v->ok() && (v->deferred || !v->text.empty())) {
    if (!v->deferred) return v->text;
    t.string(*v);  // declares its parameters
    std::string text = v->text;
    for (std::size_t pos; (pos = text.find("${param:")) != std::string::npos;) text.erase(pos + 2, 6);
    return text;
  }
  std::size_t region = g.region.empty() ? 14 : g.region.size();
  return physicalName(g, c, 63 - 2 - 12 - region) + "-${AWS::AccountId}-${AWS::Region}";
}

Json subOrText(const std::string& text) {
  return text.find("${") == std::string::npos ? Json(text) : Template::sub(text);
}
Json bucketName(Template& t, ir::Index b) { return subOrText(bucketNameText(t, b)); }
Json bucketArn(Template& t, ir::Index b) { return Template::sub("arn:${AWS::Partition}:s3:::" + bucketNameText(t, b)); }
Json objectsArn(Template& t, ir::Index b) { return Template::sub("arn:${AWS::Partition}:s3:::" + bucketNameText(t, b) + "/*"); }

std::string keyId(const ir::Component& c) { return c.id + "Key"; }
bool hasKey(const ir::Component& c) {
  return (c.kind == "bucket" && c.text("encryption") == "kms") || (c.kind == "topic" && c.flag("encrypted", true));
}

Json statement(Json actions, Json resource) {
  return Json{{"Effect", "Allow"}, {"Action", std::move(actions)}, {"Resource", std::move(resource)}};
}

// A customer managed key: the account administers it through IAM (the
// standard key policy; in a key policy "Resource": "*" is this key), and
// `services` may use it for what they deliver, from this account only.
void emitKey(Template& t, const ir::Component& c, const std::vector<std::string>& services) {
  Json& k = t.add(keyId(c), "AWS::KMS::Key", c);
  k["Description"] = fmt::format("encrypts {} `{}`", c.kind, c.name);
  k["EnableKeyRotation"] = true;
  Json statements = Json::array({Json{{"Sid", "AccountAdministersThroughIam"},
                                      {"Effect", "Allow"},
                                      {"Principal", Json{{"AWS", Template::sub(kAccount)}}},
                                      {"Action", "kms:*"},
                                      {"Resource", "*"}}});
  for (const std::string& service : services)
    statements.push_back(Json{{"Effect", "Allow"},
                              {"Principal", Json{{"Service", service}}},
                              {"Action", Json::array({"kms:Decrypt", "kms:GenerateDataKey*"})},
                              {"Resource", "*"},
                              {"Condition", Json{{"StringEquals", Json{{"aws:SourceAccount", Template::ref("AWS::AccountId")}}}}}});
  k["KeyPolicy"] = Json{{"Version", "2012-10-17"}, {"Statement", statements}};
}

bool contains(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The function's permissions: its grants (buckets named by Fn::Sub, see
// above), the KMS use that encrypted buckets and topics need, and
// rds-db:connect to a proxy with IAM authentication.
Json functionPolicy(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  Json statements = Json::array();
  for (const ir::Grant& gr : g.grants) {
    if (gr.principal != i) continue;
    const ir::Component& r = g.components[gr.resource];
    Json resource;
    if (r.kind == "bucket")
      resource = gr.scope == ir::GrantScope::Objects ? objectsArn(t, gr.resource) : bucketArn(t, gr.resource);
    else if (gr.scope == ir::GrantScope::Secret)
      resource = Template::getAtt(r.id, "MasterUserSecret.SecretArn");
    else if (gr.scope == ir::GrantScope::DatabaseUser)
      resource = databaseUserArn(t, gr.resource);
    else if (gr.scope == ir::GrantScope::Objects)
      resource = Template::sub("${" + r.id + ".Arn}/*");
    else
      resource = arnOf(t, gr.resource);
    statements.push_back(statement(gr.actions, resource));
    if (!hasKey(r)) continue;
    Json kms = Json::array();
    if (contains(gr.actions, "s3:GetObject")) kms.push_back("kms:Decrypt");
    if (contains(gr.actions, "s3:PutObject") || contains(gr.actions, "sns:Publish"))
      kms = Json::array({"kms:Decrypt", "kms:GenerateDataKey"});  // multipart uploads read back their data keys
    if (!kms.empty()) statements.push_back(statement(kms, Template::getAtt(keyId(r), "Arn")));
  }
  if (statements.empty()) return nullptr;
  return Json{{"Version", "2012-10-17"}, {"Statement", statements}};
}

// What a variable of the function resolves to: buckets by name (no Ref,
// see above), anything else as for every compute.
Json functionEnvValue(Template& t, const ir::EnvVar& e) {
  const ir::Component& target = t.graph().components[e.target];
  if (target.kind == "bucket" && e.value == ir::EnvValue::Name) return bucketName(t, e.target);
  return envValue(t, e);
}

std::string runtime(std::string_view r) {
  if (r == "provided_al2023") return "provided.al2023";
  if (r.rfind("nodejs", 0) == 0) return std::string(r) + ".x";
  std::string out(r);
  std::replace(out.begin(), out.end(), '_', '.');  // python3_12 -> python3.12, ruby3_3 -> ruby3.3
  return out;
}

const char* s3Event(std::string_view event) {
  return event == "object_removed" ? "s3:ObjectRemoved:*" : "s3:ObjectCreated:*";
}

Json filterPolicy(const sema::Value* filter) {
  if (!filter || !filter->ok() || filter->fields.empty()) return nullptr;
  Json out = Json::object();
  for (const sema::Field& f : filter->fields) {
    Json values = Json::array();
    for (const sema::Value& v : f.value.items) values.push_back(v.text);
    out[f.name] = values;
  }
  return out;
}

std::string permissionId(const ir::Component& fn, const ir::Component& source) {
  return fmt::format("{}From{}Permission", fn.id, source.id);
}

}  // namespace

void emitFunction(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& fn = g.components[i];
  // Provisioned concurrency needs a published version and an alias that
  // every invoker then targets: not emitted yet.
  if (fn.number("provisioned", 0) > 0) {
    refuse(t, fn.span, fmt::format("the provisioned concurrency of function `{}`", fn.name))
        .addHelp("set `provisioned = 0` until archc emits it");
    return;
  }
  if (fn.tier && !hasSecurityGroup(g, i)) {
    refuse(t, fn.span, fmt::format("function `{}` in a tier without a network", fn.name));
    return;
  }
  // A name fixed at compile time, so that its log group can be created
  // (with its retention) before the function, which would otherwise create
  // /aws/lambda/<name> itself, kept forever, on its first invocation.
  const std::string name = physicalName(g, fn, 64);
  const std::string logs = fn.id + "LogGroup", role = fn.id + "Role";
  Json& lg = t.add(logs, "AWS::Logs::LogGroup", fn);
  lg["LogGroupName"] = "/aws/lambda/" + name;
  lg["RetentionInDays"] = logRetentionDays(fn.number("log_retention", 30LL * 86'400'000));

  // The execution role. Logs: to its own log group only, rather than
  // AWSLambdaBasicExecutionRole (logs:CreateLogGroup and PutLogEvents on
  // every log group of the account). In a tier, AWSLambdaENIManagementAccess
  // for its network interfaces (EC2's ENI actions have no narrower resource
  // that is known before the function exists) -- not
  // AWSLambdaVPCAccessExecutionRole, which adds logs on every log group;
  // with tracing, X-Ray's writer.
  Json& r = t.add(role, "AWS::IAM::Role", fn);
  r["AssumeRolePolicyDocument"] = assumeRole("lambda.amazonaws.com");
  Json managed = Json::array();
  if (fn.tier) managed.push_back(Template::sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaENIManagementAccess"));
  if (fn.flag("tracing")) managed.push_back(Template::sub("arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"));
  if (!managed.empty()) r["ManagedPolicyArns"] = managed;
  Json policies = Json::array({Json{
      {"PolicyName", "logs"},
      {"PolicyDocument",
       Json{{"Version", "2012-10-17"},
            {"Statement", Json::array({statement(Json::array({"logs:CreateLogStream", "logs:PutLogEvents"}),
                                                 Template::getAtt(logs, "Arn"))})}}}}});
  if (Json policy = functionPolicy(t, i); !policy.is_null())
    policies.push_back(Json{{"PolicyName", "connections"}, {"PolicyDocument", policy}});
  r["Policies"] = policies;

  // The code: the package (`code`) is built and uploaded by the deployment
  // pipeline, so where it lands is only known at deploy time: a bucket and
  // key parameter per function (the key's description names the package).
  // A new key per release (content-addressed) is what makes CloudFormation
  // update the function's code.
  Json code = {{"S3Bucket", t.parameter(fn.id + "CodeBucket", fmt::format("S3 bucket holding the package of function `{}`", fn.name))},
               {"S3Key", t.parameter(fn.id + "CodeKey", fmt::format("S3 key of the package of function `{}` (built from {})",
                                                                  fn.name, fn.text("code")))}};

  Json& p = t.add(fn.id, "AWS::Lambda::Function", fn);
  p["FunctionName"] = name;
  if (!fn.text("description").empty()) p["Description"] = t.string(fn, "description");
  p["Runtime"] = runtime(fn.text("runtime"));
  p["Handler"] = t.string(fn, "handler");
  p["Code"] = code;
  p["Role"] = Template::getAtt(role, "Arn");
  p["Timeout"] = seconds(fn.prop("timeout"), 3);
  p["MemorySize"] = fn.number("memory", 128LL << 20) >> 20;
  p["EphemeralStorage"] = Json{{"Size", fn.number("storage", 512LL << 20) >> 20}};
  p["Architectures"] = Json::array({fn.text("platform") == "arm64" ? "arm64" : "x86_64"});
  p["LoggingConfig"] = Json{{"LogGroup", Template::ref(logs)}, {"LogFormat", "JSON"}};
  p["TracingConfig"] = Json{{"Mode", fn.flag("tracing") ? "Active" : "PassThrough"}};
  if (const sema::Value* reserved = fn.prop("reserved"); reserved && reserved->ok() && reserved->kind == sema::TypeKind::Int)
    p["ReservedConcurrentExecutions"] = reserved->number;
  Json vars = Json::object();
  if (const sema::Value* env = fn.prop("env"); env && env->ok())
    for (const sema::Field& f : env->fields) vars[f.name] = t.string(f.value);
  for (const ir::EnvVar& e : g.env)
    if (e.component == i) vars[e.name] = functionEnvValue(t, e);
  if (!vars.empty()) p["Environment"] = Json{{"Variables", vars}};
  if (fn.tier)
    p["VpcConfig"] = Json{{"SubnetIds", subnetsOf(t, *fn.tier)},
                          {"SecurityGroupIds", Json::array({Template::getAtt(securityGroupId(fn), "GroupId")})}};
  // Asynchronous invocations (S3, SNS) are retried twice by Lambda itself;
  // fewer retries need an event invoke config.
  if (std::int64_t retries = fn.number("retries", 2); retries != 2) {
    Json& c = t.add(fn.id + "InvokeConfig", "AWS::Lambda::EventInvokeConfig", fn, Tagging::None);
    c["FunctionName"] = Template::ref(fn.id);
    c["Qualifier"] = "$LATEST";
    c["MaximumRetryAttempts"] = retries;
  }
  t.output(fn.id + "Arn", Template::getAtt(fn.id, "Arn"), fmt::format("ARN of function `{}`", fn.name));
}

void emitQueue(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& q = g.components[i];
  bool fifo = q.flag("fifo"), encrypted = q.flag("encrypted", true);
  const sema::Value* dl = q.prop("dead_letter");
  bool dead_letter = !dl || !dl->field("enabled") || dl->field("enabled")->flag;
  const std::string dlq = q.id + "DeadLetterQueue";
  if (dead_letter) {
    Json& d = t.add(dlq, "AWS::SQS::Queue", q);
    d["MessageRetentionPeriod"] = dl ? seconds(dl->field("retention"), 1'209'600) : 1'209'600;
    d["SqsManagedSseEnabled"] = encrypted;
    if (fifo) {
      d["FifoQueue"] = true;  // a FIFO queue's dead letters must be FIFO too
      d["QueueName"] = physicalName(g, q, 80 - 9) + "-dlq.fifo";
    }
  }
  Json& p = t.add(q.id, "AWS::SQS::Queue", q);
  p["VisibilityTimeout"] = seconds(q.prop("visibility"), 30);
  p["MessageRetentionPeriod"] = seconds(q.prop("retention"), 345'600);
  p["DelaySeconds"] = seconds(q.prop("delay"), 0);
  p["ReceiveMessageWaitTimeSeconds"] = seconds(q.prop("receive_wait"), 20);
  p["SqsManagedSseEnabled"] = encrypted;
  if (fifo) {
    // Named: a FIFO queue's name must end in .fifo.
    p["FifoQueue"] = true;
    p["QueueName"] = physicalName(g, q, 80 - 5) + ".fifo";
    p["ContentBasedDeduplication"] = q.flag("deduplication");
  }
  if (dead_letter)
    p["RedrivePolicy"] = Json{{"deadLetterTargetArn", Template::getAtt(dlq, "Arn")},
                              {"maxReceiveCount", dl && dl->field("after") ? dl->field("after")->number : 3}};

  // The one resource policy of this queue: S3 and SNS may send, each from
  // the bucket or topic connected to it only, in this account.
  Json statements = Json::array();
  for (const ir::Connection* c : g.to(i)) {
    const ir::Component& from = g.components[c->from];
    if (c->meaning == "notification" && from.kind == "bucket")
      statements.push_back(Json{
          {"Sid", from.id + "Notifications"},
          {"Effect", "Allow"},
          {"Principal", Json{{"Service", "s3.amazonaws.com"}}},
          {"Action", "sqs:SendMessage"},
          {"Resource", Template::getAtt(q.id, "Arn")},
          {"Condition", Json{{"ArnEquals", Json{{"aws:SourceArn", bucketArn(t, c->from)}}},
                             {"StringEquals", Json{{"aws:SourceAccount", Template::ref("AWS::AccountId")}}}}}});
    else if (c->meaning == "subscription" && from.kind == "topic")
      statements.push_back(Json{{"Sid", from.id + "Subscription"},
                                {"Effect", "Allow"},
                                {"Principal", Json{{"Service", "sns.amazonaws.com"}}},
                                {"Action", "sqs:SendMessage"},
                                {"Resource", Template::getAtt(q.id, "Arn")},
                                {"Condition", Json{{"ArnEquals", Json{{"aws:SourceArn", Template::ref(from.id)}}}}}});
  }
  if (!statements.empty()) {
    Json& qp = t.add(q.id + "Policy", "AWS::SQS::QueuePolicy", q, Tagging::None);
    qp["Queues"] = Json::array({Template::ref(q.id)});
    qp["PolicyDocument"] = Json{{"Version", "2012-10-17"}, {"Statement", statements}};
  }

  // queue -> function: the event source mapping (the function's role may
  // receive and delete on this queue: a grant in the IR).
  for (const ir::Connection* c : g.from(i)) {
    if (c->meaning != "trigger") continue;
    const ir::Component& fn = g.components[c->to];
    Json& m = t.add(fmt::format("{}{}EventSourceMapping", q.id, fn.id), "AWS::Lambda::EventSourceMapping", fn);
    m["EventSourceArn"] = Template::getAtt(q.id, "Arn");
    m["FunctionName"] = Template::ref(fn.id);
    m["Enabled"] = true;
    const sema::Value* batch = c->settings.field("batch_size");
    m["BatchSize"] = batch && batch->ok() ? batch->number : 10;
    m["MaximumBatchingWindowInSeconds"] = seconds(c->settings.field("window"), 0);
    if (const sema::Value* conc = c->settings.field("concurrency"); conc && conc->ok() && conc->kind == sema::TypeKind::Int)
      m["ScalingConfig"] = Json{{"MaximumConcurrency", conc->number}};
    const sema::Value* partial = c->settings.field("partial_failures");
    if (!partial || !partial->ok() || partial->flag) m["FunctionResponseTypes"] = Json::array({"ReportBatchItemFailures"});
  }
  t.output(q.id + "Url", Template::ref(q.id), fmt::format("URL of queue `{}`", q.name));
}

void emitTopic(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& topic = g.components[i];
  std::vector<const ir::Connection*> notifiers;
  for (const ir::Connection* c : g.to(i))
    if (c->meaning == "notification" && g.components[c->from].kind == "bucket") notifiers.push_back(c);

  // A customer managed key, so that the services that publish on their own
  // (S3 notifications, CloudWatch alarms) may encrypt: the AWS managed
  // alias/aws/sns key's policy cannot admit them.
  // Alarms and budgets (ops.cpp) that notify this topic publish as their
  // service: they need the key, and a statement in the topic policy.
  auto notifies = [&](const ir::Component& c) {
    const sema::Value* n = c.prop("notify");
    if (!n || !n->ok()) return false;
    if (n->kind == sema::TypeKind::Ref) return n->ref == i;
    for (const sema::Value& v : n->items)
      if (v.ok() && v.kind == sema::TypeKind::Ref && v.ref == i) return true;
    return false;
  };
  std::vector<std::string> publishers;  // service principals
  for (const char* kind : {"alarm", "budget"})
    for (ir::Index k : g.ofKind(kind))
      if (notifies(g.components[k])) {
        publishers.push_back(std::string(kind) == "alarm" ? "cloudwatch.amazonaws.com" : "budgets.amazonaws.com");
        break;
      }
  bool encrypted = topic.flag("encrypted", true);
  if (encrypted) {
    std::vector<std::string> services = publishers;
    if (!notifiers.empty()) services.insert(services.begin(), "s3.amazonaws.com");
    emitKey(t, topic, services);
  }
  Json& p = t.add(topic.id, "AWS::SNS::Topic", topic);
  if (encrypted) p["KmsMasterKeyId"] = Template::ref(keyId(topic));
  if (!topic.text("display_name").empty()) p["DisplayName"] = t.string(topic, "display_name");
  if (topic.flag("fifo")) {
    p["FifoTopic"] = true;
    p["TopicName"] = physicalName(g, topic, 256 - 5) + ".fifo";
  }

  // Subscribers outside the architecture: `{ email = "..." }`.
  if (const sema::Value* subs = topic.prop("subscribers"); subs && subs->ok())
    for (const sema::Value& sub : subs->items)
      for (const sema::Field& f : sub.fields) {
        std::string protocol = f.name;
        std::replace(protocol.begin(), protocol.end(), '_', '-');  // email_json -> email-json
        Json& s = t.add(fmt::format("{}Subscriber{}", topic.id, valueKey(protocol + ":" + f.value.text)),
                        "AWS::SNS::Subscription", topic, Tagging::None);
        s["TopicArn"] = Template::ref(topic.id);
        s["Protocol"] = protocol;
        s["Endpoint"] = t.string(f.value);
      }

  // topic -> queue, topic -> function.
  for (const ir::Connection* c : g.from(i)) {
    if (c->meaning != "subscription") continue;
    const ir::Component& to = g.components[c->to];
    Json& s = t.add(fmt::format("{}{}Subscription", topic.id, to.id), "AWS::SNS::Subscription", to, Tagging::None);
    s["TopicArn"] = Template::ref(topic.id);
    if (Json filter = filterPolicy(c->settings.field("filter")); !filter.is_null()) s["FilterPolicy"] = filter;
    if (to.kind == "queue") {
      s["Protocol"] = "sqs";
      s["Endpoint"] = Template::getAtt(to.id, "Arn");
      const sema::Value* raw = c->settings.field("raw");
      s["RawMessageDelivery"] = raw && raw->ok() && raw->flag;
      // After the queue policy (emitQueue) that admits this topic.
      t.resource(fmt::format("{}{}Subscription", topic.id, to.id))["DependsOn"] = Json::array({to.id + "Policy"});
    } else {
      s["Protocol"] = "lambda";
      s["Endpoint"] = Template::getAtt(to.id, "Arn");
      std::string permission = permissionId(to, topic);
      Json& perm = t.add(permission, "AWS::Lambda::Permission", to, Tagging::None);
      perm["Action"] = "lambda:InvokeFunction";
      perm["FunctionName"] = Template::getAtt(to.id, "Arn");
      perm["Principal"] = "sns.amazonaws.com";
      perm["SourceArn"] = Template::ref(topic.id);
      t.resource(fmt::format("{}{}Subscription", topic.id, to.id))["DependsOn"] = Json::array({permission});
    }
  }

  // The one resource policy of this topic: buckets that notify it may
  // publish, each from itself only, and alarms and budgets of this account.
  if (!notifiers.empty() || !publishers.empty()) {
    Json statements = Json::array();
    for (const std::string& service : publishers)
      statements.push_back(Json{{"Sid", service == "budgets.amazonaws.com" ? "Budgets" : "Alarms"},
                                {"Effect", "Allow"},
                                {"Principal", Json{{"Service", service}}},
                                {"Action", "sns:Publish"},
                                {"Resource", Template::ref(topic.id)},
                                {"Condition", Json{{"StringEquals", Json{{"aws:SourceAccount", Template::ref("AWS::AccountId")}}}}}});
    for (const ir::Connection* c : notifiers)
      statements.push_back(Json{
          {"Sid", g.components[c->from].id + "Notifications"},
          {"Effect", "Allow"},
          {"Principal", Json{{"Service", "s3.amazonaws.com"}}},
          {"Action", "sns:Publish"},
          {"Resource", Template::ref(topic.id)},
          {"Condition", Json{{"ArnEquals", Json{{"aws:SourceArn", bucketArn(t, c->from)}}},
                             {"StringEquals", Json{{"aws:SourceAccount", Template::ref("AWS::AccountId")}}}}}});
    Json& tp = t.add(topic.id + "Policy", "AWS::SNS::TopicPolicy", topic, Tagging::None);
    tp["Topics"] = Json::array({Template::ref(topic.id)});
    tp["PolicyDocument"] = Json{{"Version", "2012-10-17"}, {"Statement", statements}};
  }
  t.output(topic.id + "Arn", Template::ref(topic.id), fmt::format("ARN of topic `{}`", topic.name));
}

void emitBucket(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& b = g.components[i];
  bool kms = b.text("encryption") == "kms", open = b.flag("public");
  if (kms) emitKey(t, b, {});

  Json& p = t.add(b.id, "AWS::S3::Bucket", b);
  p["BucketName"] = bucketName(t, i);
  Json sse = kms ? Json{{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", Template::getAtt(keyId(b), "Arn")}}
                 : Json{{"SSEAlgorithm", "AES256"}};
  Json rule = {{"ServerSideEncryptionByDefault", sse}};
  if (kms) rule["BucketKeyEnabled"] = true;  // one KMS call per object key period, not per object
  p["BucketEncryption"] = Json{{"ServerSideEncryptionConfiguration", Json::array({rule})}};
  // ACLs stay blocked even when public: reads are granted by the policy.
  p["PublicAccessBlockConfiguration"] = Json{{"BlockPublicAcls", true},
                                             {"BlockPublicPolicy", !open},
                                             {"IgnorePublicAcls", true},
                                             {"RestrictPublicBuckets", !open}};
  p["OwnershipControls"] = Json{{"Rules", Json::array({Json{{"ObjectOwnership", "BucketOwnerEnforced"}}})}};
  if (b.flag("versioning", true)) p["VersioningConfiguration"] = Json{{"Status", "Enabled"}};
  if (b.flag("object_lock")) p["ObjectLockEnabled"] = true;

  // Lifecycle: one rule for the whole bucket. Intelligent-Tiering is a
  // transition to its storage class on day 0 (frequent and infrequent
  // access tiers, instant reads); its opt-in archive tiers
  // (IntelligentTieringConfigurations) would make reads of archived
  // objects need a restore, so they are not turned on.
  const sema::Value* lc = b.prop("lifecycle");
  Json lrule = {{"Id", "archc-lifecycle"}, {"Status", "Enabled"}};
  lrule["AbortIncompleteMultipartUpload"] =
      Json{{"DaysAfterInitiation", lc ? std::max<std::int64_t>(1, seconds(lc->field("abort_uploads"), 604'800) / 86'400) : 7}};
  if (lc) {
    auto days = [&](std::string_view name) -> std::int64_t {
      const sema::Value* v = lc->field(name);
      return v && v->ok() && v->kind != sema::TypeKind::Any ? std::max<std::int64_t>(1, (v->number + 86'399'999) / 86'400'000) : 0;
    };
    if (std::int64_t d = days("expire")) lrule["ExpirationInDays"] = d;
    if (std::int64_t d = days("noncurrent")) lrule["NoncurrentVersionExpiration"] = Json{{"NoncurrentDays", d}};
    if (const sema::Value* tier = lc->field("tiering"); tier && tier->ok() && tier->flag)
      lrule["Transitions"] = Json::array({Json{{"StorageClass", "INTELLIGENT_TIERING"}, {"TransitionInDays", 0}}});
  }
  p["LifecycleConfiguration"] = Json{{"Rules", Json::array({lrule})}};

  // bucket -> queue | function | topic: notifications, after the resource
  // policy that lets S3 deliver them.
  Json queues = Json::array(), lambdas = Json::array(), topics = Json::array(), depends = Json::array();
  for (const ir::Connection* c : g.from(i)) {
    if (c->meaning != "notification") continue;
    const ir::Component& to = g.components[c->to];
    std::string event = c->event;
    if (const sema::Value* e = c->settings.field("event"); event.empty() && e && e->ok()) event = e->text;
    Json n = {{"Event", s3Event(event)}};
    Json rules = Json::array();
    for (const char* key : {"prefix", "suffix"})
      if (const sema::Value* v = c->settings.field(key); v && v->ok() && !v->text.empty())
        rules.push_back(Json{{"Name", key}, {"Value", v->text}});
    if (!rules.empty()) n["Filter"] = Json{{"S3Key", Json{{"Rules", rules}}}};
    if (to.kind == "queue") {
      n["Queue"] = Template::getAtt(to.id, "Arn");
      queues.push_back(n);
      depends.push_back(to.id + "Policy");  // emitQueue
    } else if (to.kind == "topic") {
      n["Topic"] = Template::ref(to.id);
      topics.push_back(n);
      depends.push_back(to.id + "Policy");  // emitTopic
    } else {
      n["Function"] = Template::getAtt(to.id, "Arn");
      lambdas.push_back(n);
      std::string permission = permissionId(to, b);
      Json& perm = t.add(permission, "AWS::Lambda::Permission", to, Tagging::None);
      perm["Action"] = "lambda:InvokeFunction";
      perm["FunctionName"] = Template::getAtt(to.id, "Arn");
      perm["Principal"] = "s3.amazonaws.com";
      perm["SourceArn"] = bucketArn(t, i);
      perm["SourceAccount"] = Template::ref("AWS::AccountId");
      depends.push_back(permission);
    }
  }
  if (!depends.empty()) {
    Json nc = Json::object();
    if (!queues.empty()) nc["QueueConfigurations"] = queues;
    if (!lambdas.empty()) nc["LambdaConfigurations"] = lambdas;
    if (!topics.empty()) nc["TopicConfigurations"] = topics;
    // (Through resource(): adding the permissions above may have moved `p`.)
    t.resource(b.id)["Properties"]["NotificationConfiguration"] = nc;
    t.resource(b.id)["DependsOn"] = depends;
  }

  // The bucket policy: no request without TLS; public reads when `public`.
  Json statements = Json::array();
  if (b.flag("enforce_tls", true))
    statements.push_back(denyInsecureTransport(b.id));
  if (Json read = cloudFrontReadStatement(t, i); !read.is_null()) {
    statements.push_back(read);
    emitOriginAccessControl(t, i);
  }
  if (open)
    statements.push_back(Json{{"Sid", "PublicRead"},
                              {"Effect", "Allow"},
                              {"Principal", "*"},
                              {"Action", "s3:GetObject"},
                              {"Resource", Template::sub("${" + b.id + ".Arn}/*")}});
  if (!statements.empty()) {
    Json& bp = t.add(b.id + "Policy", "AWS::S3::BucketPolicy", b, Tagging::None);
    bp["Bucket"] = Template::ref(b.id);
    bp["PolicyDocument"] = Json{{"Version", "2012-10-17"}, {"Statement", statements}};
  }
  t.output(b.id + "Name", Template::ref(b.id), fmt::format("name of bucket `{}`", b.name));
}

void emitSecret(Template& t, ir::Index i) {
  const ir::Graph& g = t.graph();
  const ir::Component& s = g.components[i];
  if (const sema::Value* rotation = s.prop("rotation"); rotation && rotation->ok() && rotation->kind != sema::TypeKind::Any) {
    refuse(t, s.span, fmt::format("the rotation of secret `{}`", s.name)).addHelp("remove `rotation` until archc emits its schedule");
    return;
  }
  // CloudFormation deletes a secret without any recovery window, so the
  // window (`recovery_window`) is kept the only way it can be: the secret
  // outlives the stack, and deleting it by hand uses the window.
  if (seconds(s.prop("recovery_window"), 2'592'000) != 2'592'000) {
    refuse(t, s.span, fmt::format("the recovery window of secret `{}` other than 30 days", s.name))
        .addHelp("CloudFormation cannot pass a recovery window; leave it at 30d (Secrets Manager's own)");
    return;
  }
  Json& p = t.add(s.id, "AWS::SecretsManager::Secret", s);
  if (!s.text("description").empty()) p["Description"] = t.string(s, "description");
  if (const sema::Value* name = s.prop("name"); name && name->ok() && (name->deferred || !name->text.empty()))
    p["Name"] = t.string(*name);
  if (s.flag("generate"))
    p["GenerateSecretString"] = Json{{"PasswordLength", s.number("length", 32)}, {"RequireEachIncludedType", true}};
  t.resource(s.id)["DeletionPolicy"] = "Retain";
  t.resource(s.id)["UpdateReplacePolicy"] = "Retain";
}

}  // namespace arch::cloudformation
