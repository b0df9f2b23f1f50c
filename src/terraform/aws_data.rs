//! Data sources the AWS provider computes without calling AWS, in one place: `data
//! "aws_iam_policy_document"` (its `json`, rendered by `policy_doc`), and `data "aws_region"`
//! and `data "aws_partition"`, which the provider (5.100) answers from its configuration's
//! `region` and its built-in endpoint tables, so their attributes are known at plan time
//! exactly when that region is.
//!
//! Checked against real plans (`tf-plan-json`): the region names and descriptions below are the
//! ones provider 5.100 accepts; any other name fails the plan (`invalid AWS Region`, `finding
//! Region by name`), so pe-lint leaves it unresolved rather than guess. The isolated partitions
//! (`us-iso-*`, `eu-isoe-*`, `eusc-*`) are left unresolved too.

use super::value::{Map, Value};

/// The partitions pe-lint knows: (partition, DNS suffix, reverse DNS prefix).
const AWS: (&str, &str, &str) = ("aws", "amazonaws.com", "com.amazonaws");
const AWS_CN: (&str, &str, &str) = ("aws-cn", "amazonaws.com.cn", "cn.com.amazonaws");
const AWS_US_GOV: (&str, &str, &str) = ("aws-us-gov", "amazonaws.com", "com.amazonaws");

/// Region name and description, as `data.aws_region` gives them with provider 5.100.
const REGIONS: &[(&str, &str)] = &[
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-east-2", "Asia Pacific (Taipei)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("cn-north-1", "China (Beijing)"),
    ("cn-northwest-1", "China (Ningxia)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("eu-central-2", "Europe (Zurich)"),
    ("eu-north-1", "Europe (Stockholm)"),
    ("eu-south-1", "Europe (Milan)"),
    ("eu-south-2", "Europe (Spain)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-west-2", "Europe (London)"),
    ("eu-west-3", "Europe (Paris)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-central-1", "Middle East (UAE)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (Sao Paulo)"),
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-gov-east-1", "AWS GovCloud (US-East)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
];

/// Whether pe-lint computes this data source from the provider configuration.
fn from_provider(rtype: &str) -> bool {
    matches!(rtype, "aws_region" | "aws_partition")
}

/// A data source's values with the attributes the provider computes without calling AWS:
/// the policy document's `json`, the region's and partition's names. Every other data source
/// is returned as written (its results are known only to AWS).
pub fn computed(rtype: &str, values: Value, provider_region: impl FnOnce() -> Value) -> Value {
    if rtype == "aws_iam_policy_document" {
        return super::policy_doc::render(&values);
    }
    if from_provider(rtype) {
        return complete(rtype, &values, &provider_region());
    }
    values
}

/// A known region's description and partition, or `None` (not a region provider 5.100 accepts,
/// or one of a partition pe-lint does not model).
fn region(name: &str) -> Option<(&'static str, (&'static str, &'static str, &'static str))> {
    let (_, description) = REGIONS.iter().find(|(n, _)| *n == name)?;
    let partition = if name.starts_with("cn-") {
        AWS_CN
    } else if name.starts_with("us-gov-") {
        AWS_US_GOV
    } else {
        AWS
    };
    Some((description, partition))
}

/// The data source's evaluated arguments with the attributes the provider computes added, where
/// the region is known. `provider_region` is the provider configuration's `region` (`Null` when
/// it sets none: the region then comes from the environment, which pe-lint does not read).
pub fn complete(rtype: &str, values: &Value, provider_region: &Value) -> Value {
    let mut m = values.as_object().cloned().unwrap_or_default();
    let set = |k: &str| m.get(k).is_some_and(|v| !v.is_null());
    let name = match rtype {
        // Looking a region up by endpoint is not modelled: leave every attribute unresolved.
        "aws_region" if set("endpoint") => None,
        "aws_region" if set("name") => m.get("name").and_then(|v| v.as_str().map(str::to_string)),
        _ => provider_region.as_str().map(str::to_string),
    };
    let Some((description, (partition, dns_suffix, reverse))) = name.as_deref().and_then(region)
    else {
        return values.clone();
    };
    let name = name.unwrap_or_default();
    let fill = |m: &mut Map, k: &str, v: String| {
        if m.get(k).is_none_or(Value::is_null) {
            m.insert(k.into(), Value::string(v));
        }
    };
    match rtype {
        "aws_region" => {
            fill(&mut m, "name", name.clone());
            fill(&mut m, "id", name.clone());
            fill(&mut m, "description", description.to_string());
            fill(&mut m, "endpoint", format!("ec2.{name}.{dns_suffix}"));
        }
        "aws_partition" => {
            fill(&mut m, "partition", partition.to_string());
            fill(&mut m, "id", partition.to_string());
            fill(&mut m, "dns_suffix", dns_suffix.to_string());
            fill(&mut m, "reverse_dns_prefix", reverse.to_string());
        }
        _ => return values.clone(),
    }
    Value::object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(v: &Value, k: &str) -> Option<String> {
        v.get(k).and_then(|x| x.as_str().map(str::to_string))
    }

    #[test]
    fn partitions_follow_the_region() {
        let empty = Value::object(Map::new());
        let cn = complete("aws_partition", &empty, &Value::string("cn-north-1"));
        assert_eq!(get(&cn, "partition").as_deref(), Some("aws-cn"));
        assert_eq!(get(&cn, "dns_suffix").as_deref(), Some("amazonaws.com.cn"));
        assert_eq!(
            get(&cn, "reverse_dns_prefix").as_deref(),
            Some("cn.com.amazonaws")
        );
        let gov = complete("aws_partition", &empty, &Value::string("us-gov-west-1"));
        assert_eq!(get(&gov, "partition").as_deref(), Some("aws-us-gov"));
        assert_eq!(get(&gov, "dns_suffix").as_deref(), Some("amazonaws.com"));
        let std = complete("aws_region", &empty, &Value::string("eu-south-2"));
        assert_eq!(
            get(&std, "endpoint").as_deref(),
            Some("ec2.eu-south-2.amazonaws.com")
        );
        assert_eq!(get(&std, "description").as_deref(), Some("Europe (Spain)"));
    }

    #[test]
    fn unknown_or_invalid_regions_stay_unresolved() {
        let empty = Value::object(Map::new());
        for r in [
            Value::Null,
            Value::string("us-west-9"),
            Value::string("us-iso-east-1"),
        ] {
            let v = complete("aws_region", &empty, &r);
            assert_eq!(v.as_object().map(|m| m.len()), Some(0), "{r:?}");
        }
    }
}
